package dev.glint.api.metadefs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a property definition keeps, in a fixed order: what Glance's property type has
 * (type, title, description, operators, default, readonly, minimum, maximum, enum, pattern,
 * minLength, maxLength, confidential, items with its type and enum, uniqueItems, minItems,
 * maxItems, additionalItems). Anything else in a definition nested in a namespace is dropped, as
 * Glance drops it; a single property's body is refused by its schema instead.
 */
public final class PropertyDefinitions {

    private static final List<String> FIELDS = List.of("type", "title", "description", "operators", "default",
            "readonly", "minimum", "maximum", "enum", "pattern", "minLength", "maxLength", "confidential", "items",
            "uniqueItems", "minItems", "maxItems", "additionalItems");
    private static final List<String> ITEM_FIELDS = List.of("type", "enum");

    private PropertyDefinitions() {
    }

    /** The definition to store (without its name). */
    public static Map<String, Object> of(Map<?, ?> body) {
        Map<String, Object> definition = new LinkedHashMap<>();
        for (String field : FIELDS) {
            Object value = body.get(field);
            if (value == null) {
                continue;
            }
            if ("items".equals(field) && value instanceof Map<?, ?> items) {
                Map<String, Object> kept = new LinkedHashMap<>();
                ITEM_FIELDS.stream().filter(item -> items.get(item) != null)
                        .forEach(item -> kept.put(item, items.get(item)));
                value = kept;
            }
            definition.put(field, value);
        }
        return definition;
    }

    /** Definitions keyed by property name, each kept as {@link #of} keeps it. */
    public static Map<String, Object> all(Object properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (properties instanceof Map<?, ?> map) {
            map.forEach((name, definition) -> all.put(String.valueOf(name),
                    of(definition instanceof Map<?, ?> fields ? fields : Map.of())));
        }
        return all;
    }
}
