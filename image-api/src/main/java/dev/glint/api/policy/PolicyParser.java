package dev.glint.api.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a rule such as {@code role:admin or (role:member and project_id:%(project_id)s)}. Operator
 * precedence is oslo.policy's: {@code not} binds tightest, then {@code and}, then {@code or}. The
 * empty rule allows everyone, as in Glance. Anything not understood is an error that names the
 * rule, so a typo in a policy file stops the service at start instead of opening or closing a door.
 */
public final class PolicyParser {

    private final String text;
    private final List<String> tokens;
    private int next;

    private PolicyParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    public static PolicyRule parse(String text) {
        PolicyParser parser = new PolicyParser(text == null ? "" : text);
        if (parser.tokens.isEmpty()) {
            return new PolicyRule.Always();
        }
        PolicyRule rule = parser.or();
        if (parser.next < parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.next) + "'");
        }
        return rule;
    }

    private PolicyRule or() {
        List<PolicyRule> alternatives = new ArrayList<>();
        alternatives.add(and());
        while (accept("or")) {
            alternatives.add(and());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new PolicyRule.Or(List.copyOf(alternatives));
    }

    private PolicyRule and() {
        List<PolicyRule> all = new ArrayList<>();
        all.add(not());
        while (accept("and")) {
            all.add(not());
        }
        return all.size() == 1 ? all.get(0) : new PolicyRule.And(List.copyOf(all));
    }

    private PolicyRule not() {
        if (accept("not")) {
            return new PolicyRule.Not(not());
        }
        return atom();
    }

    private PolicyRule atom() {
        if (next >= tokens.size()) {
            throw error("the rule ends where a check was expected");
        }
        String token = tokens.get(next++);
        switch (token) {
            case "(" -> {
                PolicyRule inner = or();
                if (!accept(")")) {
                    throw error("a '(' is not closed");
                }
                return inner;
            }
            case "@" -> {
                return new PolicyRule.Always();
            }
            case "!" -> {
                return new PolicyRule.Never();
            }
            default -> {
                return check(token);
            }
        }
    }

    private PolicyRule check(String token) {
        if (token.startsWith("\"") || token.startsWith("'")) {
            char quote = token.charAt(0);
            int end = token.indexOf(quote, 1);
            if (end < 0 || end + 1 >= token.length() || token.charAt(end + 1) != ':') {
                throw error("'" + token + "' is not of the form \"literal\":value");
            }
            return new PolicyRule.Literal(token.substring(1, end), value(token, token.substring(end + 2)));
        }
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw error("'" + token + "' is not a check (kind:value), '@', '!', 'and', 'or', 'not' or a parenthesis");
        }
        String kind = token.substring(0, colon);
        String value = value(token, token.substring(colon + 1));
        return switch (kind) {
            case "role" -> new PolicyRule.Role(value.toLowerCase(Locale.ROOT));
            case "rule" -> new PolicyRule.RuleRef(value);
            case "project_id", "user_id", "domain_id", "project_domain_id", "system_scope" ->
                    new PolicyRule.Credential(kind, value);
            default -> throw error("unknown check kind '" + kind + "' in '" + token + "' (known: role, rule, "
                    + "project_id, user_id, domain_id, project_domain_id, system_scope, \"literal\")");
        };
    }

    private String value(String token, String value) {
        if (value.isEmpty()) {
            throw error("'" + token + "' has no value after the ':'");
        }
        return value;
    }

    private boolean accept(String keyword) {
        if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private IllegalArgumentException error(String detail) {
        return new IllegalArgumentException("Invalid policy rule \"" + text + "\": " + detail);
    }

    /** Words and parentheses; a quoted literal may hold spaces and parentheses, as may %(field)s. */
    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                if (c == '"' || c == '\'') {
                    int close = text.indexOf(c, i + 1);
                    i = close < 0 ? text.length() : close + 1;
                }
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                        && text.charAt(i) != '(' && text.charAt(i) != ')') {
                    // %(field)s holds parentheses that belong to the word
                    int close = text.startsWith("%(", i) ? text.indexOf(')', i) : -1;
                    i = close < 0 ? i + 1 : close + 1;
                }
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }
}
