package dev.glint.api.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operator's policy file: one {@code action: rule} per line, {@code #} comments, names and rules
 * optionally in quotes, so a flat Glance {@code policy.yaml} reads as it is. Only the rules named in
 * the file change; the others keep their defaults.
 */
public final class PolicyFile {

    private PolicyFile() {
    }

    public static Map<String, String> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the policy file " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#") || "---".equals(line)) {
                continue;
            }
            int colon = separator(line);
            if (colon < 0) {
                throw new IllegalArgumentException(source + " line " + number + ": expected 'action: rule', got '"
                        + line + "'");
            }
            String action = unquote(line.substring(0, colon).strip());
            String rule = unquote(line.substring(colon + 1).strip());
            if (rules.put(action, rule) != null) {
                throw new IllegalArgumentException(source + " line " + number + ": '" + action + "' appears twice");
            }
        }
        return rules;
    }

    /** The colon after the action name (which may be quoted and contains no colon). */
    private static int separator(String line) {
        if (line.startsWith("\"") || line.startsWith("'")) {
            int close = line.indexOf(line.charAt(0), 1);
            return close < 0 ? -1 : line.indexOf(':', close);
        }
        return line.indexOf(':');
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')
                && text.charAt(text.length() - 1) == text.charAt(0)) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
