package dev.glint.api.policy;

import dev.glint.api.identity.Caller;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed policy rule, a small subset of oslo.policy's language: {@code role:NAME},
 * {@code project_id:VALUE}, {@code user_id:VALUE}, {@code domain_id:VALUE},
 * {@code project_domain_id:VALUE}, {@code system_scope:VALUE}, {@code "literal":VALUE}, {@code rule:NAME},
 * {@code @} (always), {@code !} (never), combined with {@code and}, {@code or}, {@code not} and
 * parentheses. A VALUE may name a field of the target as {@code %(field)s}.
 */
public sealed interface PolicyRule {

    /** Named rules that {@code rule:NAME} refers to. */
    interface Rules {
        PolicyRule rule(String name);
    }

    boolean test(Caller caller, PolicyTarget target, Rules rules);

    /** The names this rule refers to with {@code rule:}, to check that they exist before serving. */
    default void references(Set<String> into) {
    }

    record Always() implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            return true;
        }
    }

    record Never() implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            return false;
        }
    }

    record Not(PolicyRule rule) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            return !rule.test(caller, target, rules);
        }

        @Override
        public void references(Set<String> into) {
            rule.references(into);
        }
    }

    record And(List<PolicyRule> rules) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules named) {
            return rules.stream().allMatch(rule -> rule.test(caller, target, named));
        }

        @Override
        public void references(Set<String> into) {
            rules.forEach(rule -> rule.references(into));
        }
    }

    record Or(List<PolicyRule> rules) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules named) {
            return rules.stream().anyMatch(rule -> rule.test(caller, target, named));
        }

        @Override
        public void references(Set<String> into) {
            rules.forEach(rule -> rule.references(into));
        }
    }

    record RuleRef(String name) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            return rules.rule(name).test(caller, target, rules);
        }

        @Override
        public void references(Set<String> into) {
            into.add(name);
        }
    }

    /** {@code role:NAME}: the caller holds the role (role names compare case-insensitively, as Keystone's). */
    record Role(String value) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            String role = Template.expand(value, target);
            return role != null && caller.roles().contains(role.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * {@code project_id:VALUE}, {@code user_id:VALUE}, {@code domain_id:VALUE},
     * {@code project_domain_id:VALUE} or {@code system_scope:VALUE}: that attribute of the caller
     * (of their token's scope, for the last three) equals VALUE; {@code system_scope:all} holds for
     * a system-scoped token.
     */
    record Credential(String attribute, String value) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            String mine = switch (attribute) {
                case "project_id" -> caller.projectId();
                case "domain_id" -> caller.domainId();
                case "project_domain_id" -> caller.projectDomainId();
                case "system_scope" -> caller.systemScope();
                default -> caller.userId();
            };
            String expected = Template.expand(value, target);
            return mine != null && !mine.isEmpty() && mine.equals(expected);
        }
    }

    /** {@code "literal":VALUE}: VALUE (usually a target field) equals the literal. */
    record Literal(String literal, String value) implements PolicyRule {
        @Override
        public boolean test(Caller caller, PolicyTarget target, Rules rules) {
            return literal.equals(Template.expand(value, target));
        }
    }

    /** {@code %(field)s} substitution; a field the target lacks makes the check false, never a match on "". */
    final class Template {
        private static final Pattern FIELD = Pattern.compile("%\\(([A-Za-z0-9_.]+)\\)s");

        private Template() {
        }

        static String expand(String value, PolicyTarget target) {
            Matcher matcher = FIELD.matcher(value);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String field = target.get(matcher.group(1));
                if (field == null) {
                    return null;
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(field));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }
}
