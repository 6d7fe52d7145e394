package dev.glint.api.metadefs.rest;

import dev.glint.api.metadefs.NamedAssociation;
import dev.glint.api.metadefs.NamespaceDetail;
import dev.glint.domain.GlanceTime;
import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import dev.glint.persistence.metadefs.MetadefObjectRecord;
import dev.glint.persistence.metadefs.MetadefPropertyRecord;
import dev.glint.persistence.metadefs.MetadefResourceTypeRecord;
import dev.glint.persistence.metadefs.MetadefTagRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of metadata definitions, as Glance shows them: attributes without a value are left
 * out, links ({@code self}) name things by their plain names.
 */
final class MetadefViews {

    static final String NAMESPACES = "/v2/metadefs/namespaces";

    private MetadefViews() {
    }

    static Map<String, Object> namespace(MetadefNamespaceRecord namespace) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("namespace", namespace.namespace);
        putIfSet(view, "display_name", namespace.displayName);
        putIfSet(view, "description", namespace.description);
        view.put("visibility", namespace.visibility);
        view.put("protected", namespace.isProtected);
        view.put("owner", namespace.owner);
        view.put("created_at", GlanceTime.format(namespace.createdAt));
        view.put("updated_at", GlanceTime.format(namespace.updatedAt));
        view.put("self", NAMESPACES + "/" + namespace.namespace);
        view.put("schema", "/v2/schemas/metadefs/namespace");
        return view;
    }

    /** A namespace in a list: its attributes and its resource type associations. */
    static Map<String, Object> listed(MetadefNamespaceRecord namespace, List<NamedAssociation> associations) {
        Map<String, Object> view = namespace(namespace);
        if (associations != null && !associations.isEmpty()) {
            view.put("resource_type_associations", associations.stream().map(MetadefViews::association).toList());
        }
        return view;
    }

    /** A namespace with everything it holds; property names carry the detail's prefix, if any. */
    static Map<String, Object> detail(NamespaceDetail detail) {
        Map<String, Object> view = listed(detail.namespace(), detail.associations());
        String prefix = detail.prefix() == null ? "" : detail.prefix();
        if (!detail.properties().isEmpty()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            detail.properties().forEach(property -> properties.put(prefix + property.name, property.definition));
            view.put("properties", properties);
        }
        if (!detail.objects().isEmpty()) {
            view.put("objects", detail.objects().stream()
                    .map(object -> object(detail.namespace().namespace, object, prefix)).toList());
        }
        if (!detail.tags().isEmpty()) {
            view.put("tags", detail.tags().stream().map(MetadefViews::tagName).toList());
        }
        return view;
    }

    static Map<String, Object> association(NamedAssociation named) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", named.name());
        putIfSet(view, "prefix", named.association().prefix);
        putIfSet(view, "properties_target", named.association().propertiesTarget);
        view.put("created_at", GlanceTime.format(named.association().createdAt));
        view.put("updated_at", GlanceTime.format(named.association().updatedAt));
        return view;
    }

    static Map<String, Object> resourceType(MetadefResourceTypeRecord type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", type.name);
        view.put("created_at", GlanceTime.format(type.createdAt));
        view.put("updated_at", GlanceTime.format(type.updatedAt));
        return view;
    }

    static Map<String, Object> object(String namespace, MetadefObjectRecord object) {
        return object(namespace, object, "");
    }

    private static Map<String, Object> object(String namespace, MetadefObjectRecord object, String prefix) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", object.name);
        putIfSet(view, "description", object.description);
        if (object.required != null) {
            view.put("required", object.required.stream().map(name -> prefix + name).toList());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        object.properties.forEach((name, definition) -> properties.put(prefix + name, definition));
        view.put("properties", properties);
        view.put("created_at", GlanceTime.format(object.createdAt));
        view.put("updated_at", GlanceTime.format(object.updatedAt));
        view.put("self", NAMESPACES + "/" + namespace + "/objects/" + object.name);
        view.put("schema", "/v2/schemas/metadefs/object");
        return view;
    }

    /** A property: its name and its definition (no timestamps, as in Glance). */
    static Map<String, Object> property(MetadefPropertyRecord property) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", property.name);
        view.putAll(property.definition);
        return view;
    }

    static Map<String, Object> properties(List<MetadefPropertyRecord> properties) {
        Map<String, Object> byName = new LinkedHashMap<>();
        properties.forEach(property -> byName.put(property.name, property.definition));
        return Map.of("properties", byName);
    }

    static Map<String, Object> tag(MetadefTagRecord tag) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", tag.name);
        view.put("created_at", GlanceTime.format(tag.createdAt));
        view.put("updated_at", GlanceTime.format(tag.updatedAt));
        return view;
    }

    /** Tags in lists carry only their names, as in Glance. */
    static Map<String, Object> tagName(MetadefTagRecord tag) {
        return Map.of("name", tag.name);
    }

    private static void putIfSet(Map<String, Object> view, String key, Object value) {
        if (value != null) {
            view.put(key, value);
        }
    }
}
