package dev.glint.api.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator's policy file, as oslo.policy reads Glance's: a YAML mapping ({@code policy.yaml})
 * or a JSON object ({@code policy.json}) of rule name to rule text, parsed by a real YAML or JSON
 * parser (quoting, escapes, comments, flow style). Only the rules named in the file change; the
 * others keep their defaults. A name given twice, a value that is not a string, or anything but
 * a mapping at the top is an error that names the file.
 */
public final class PolicyFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PolicyFile() {
    }

    public static Map<String, String> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the policy file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rule name to rule text. Text that starts with '{' is read as JSON, and as YAML (a flow
     * mapping) if it is no JSON; anything else as YAML.
     */
    static Map<String, String> parse(String text, String source) {
        JsonNode root = read(text, source);
        Map<String, String> rules = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return rules;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The policy file " + source
                    + " must map rule names to rules ('action: rule'), not hold a " + root.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!value.isTextual()) {
                throw new IllegalArgumentException("The policy file " + source + " gives '" + field.getKey()
                        + "' a " + (value.isNull() ? "null" : value.getNodeType().toString().toLowerCase())
                        + " value; a rule is a string (\"\" allows everyone)");
            }
            rules.put(field.getKey(), value.asText());
        }
        return rules;
    }

    private static JsonNode read(String text, String source) {
        try {
            if (text.stripLeading().startsWith("{")) {
                try {
                    return JSON.readTree(text);
                } catch (JsonProcessingException notJson) {
                    try {
                        return YAML.readTree(text);
                    } catch (JsonProcessingException notYaml) {
                        throw notJson;
                    }
                }
            }
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The policy file " + source + " does not parse: "
                    + e.getOriginalMessage() + location(e), e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
