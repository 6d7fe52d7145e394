package dev.glint.persistence.metadefs;

import dev.glint.domain.GlanceTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Glance's notification payloads of metadata definitions: what a consumer of Glance's
 * {@code metadef_*} notifications reads, field for field.
 */
public final class MetadefPayloads {

    /** The fields of a property definition a payload names, null where the definition has none. */
    private static final List<String> PROPERTY_FIELDS = List.of("type", "title", "description", "default", "minimum",
            "maximum", "enum", "pattern", "minLength", "maxLength", "confidential", "items", "uniqueItems",
            "minItems", "maxItems", "additionalItems");

    private MetadefPayloads() {
    }

    public static Map<String, Object> namespace(MetadefNamespaceRecord namespace, String oldName) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("namespace", namespace.namespace);
        payload.put("namespace_old", oldName == null ? namespace.namespace : oldName);
        payload.put("display_name", namespace.displayName);
        payload.put("protected", namespace.isProtected);
        payload.put("visibility", namespace.visibility);
        payload.put("owner", namespace.owner);
        payload.put("description", namespace.description);
        payload.put("created_at", GlanceTime.format(namespace.createdAt));
        payload.put("updated_at", GlanceTime.format(namespace.updatedAt));
        return alive(payload);
    }

    public static Map<String, Object> object(String namespace, MetadefObjectRecord object, String oldName) {
        Map<String, Object> payload = named(namespace, object.name, oldName);
        List<Map<String, Object>> properties = new ArrayList<>();
        object.properties.forEach((name, definition) -> {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("name", name);
            property.putAll(propertyFields(definition));
            properties.add(property);
        });
        payload.put("properties", properties);
        payload.put("required", object.required);
        payload.put("description", object.description);
        payload.put("created_at", GlanceTime.format(object.createdAt));
        payload.put("updated_at", GlanceTime.format(object.updatedAt));
        return alive(payload);
    }

    public static Map<String, Object> property(String namespace, MetadefPropertyRecord property, String oldName) {
        Map<String, Object> payload = named(namespace, property.name, oldName);
        payload.putAll(propertyFields(property.definition));
        return alive(payload);
    }

    public static Map<String, Object> tag(String namespace, MetadefTagRecord tag, String oldName) {
        Map<String, Object> payload = named(namespace, tag.name, oldName);
        payload.put("created_at", GlanceTime.format(tag.createdAt));
        payload.put("updated_at", GlanceTime.format(tag.updatedAt));
        return alive(payload);
    }

    public static Map<String, Object> resourceType(String namespace, String name,
            MetadefResourceTypeAssociationRecord association) {
        Map<String, Object> payload = named(namespace, name, null);
        payload.put("prefix", association.prefix);
        payload.put("properties_target", association.propertiesTarget);
        payload.put("created_at", GlanceTime.format(association.createdAt));
        payload.put("updated_at", GlanceTime.format(association.updatedAt));
        return alive(payload);
    }

    /** The payload of a removal: Glance marks it deleted, at the time of the removal. */
    public static Map<String, Object> deleted(Map<String, Object> payload, Instant when) {
        Map<String, Object> copy = new LinkedHashMap<>(payload);
        copy.put("deleted", true);
        copy.put("deleted_at", GlanceTime.format(when));
        return copy;
    }

    private static Map<String, Object> named(String namespace, String name, String oldName) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("namespace", namespace);
        payload.put("name", name);
        payload.put("name_old", oldName == null ? name : oldName);
        return payload;
    }

    private static Map<String, Object> propertyFields(Object definition) {
        Map<?, ?> fields = definition instanceof Map<?, ?> map ? map : Map.of();
        Map<String, Object> payload = new LinkedHashMap<>();
        PROPERTY_FIELDS.forEach(field -> payload.put(field, fields.get(field)));
        return payload;
    }

    private static Map<String, Object> alive(Map<String, Object> payload) {
        payload.put("deleted", false);
        payload.put("deleted_at", null);
        return payload;
    }
}
