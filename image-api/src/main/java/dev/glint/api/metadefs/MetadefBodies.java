package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import java.util.List;
import java.util.Map;

/** Checks on request bodies that come before their schema, as in Glance. */
final class MetadefBodies {

    /** What the API sets itself on namespaces and objects. */
    static final List<String> GENERATED = List.of("self", "schema", "created_at", "updated_at");
    /** What the API sets itself on properties, tags and resource type associations. */
    static final List<String> TIMESTAMPS = List.of("created_at", "updated_at");

    private MetadefBodies() {
    }

    /** 403 for a body that sets an attribute only the API sets, as Glance answers. */
    static void refuseReadOnly(Map<String, Object> body, List<String> readOnly) {
        for (String attribute : readOnly) {
            if (body.containsKey(attribute)) {
                throw ApiException.forbidden("Attribute '" + attribute + "' is read-only.");
            }
        }
    }

    static String text(Map<String, Object> body, String field) {
        return body.get(field) instanceof String value ? value : null;
    }
}
