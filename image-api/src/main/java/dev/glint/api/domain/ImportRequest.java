package dev.glint.api.domain;

import dev.glint.domain.ImportMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v2/images/{id}/import}, checked: the method (and its URI for
 * web-download), the stores asked for, and whether every store must succeed.
 */
public record ImportRequest(ImportMethod method, String uri, List<String> stores, boolean allStores,
        boolean allStoresMustSucceed, Map<String, Object> body) {

    public static ImportRequest parse(Map<String, Object> body, List<String> enabled) {
        if (!(body.get("method") instanceof Map<?, ?> method)) {
            throw ApiException.badRequest("The import request needs a 'method' object, e.g. "
                    + "{\"method\": {\"name\": \"glance-direct\"}}.");
        }
        if (!(method.get("name") instanceof String name)) {
            throw ApiException.badRequest("The import method needs a 'name'.");
        }
        ImportMethod parsed = ImportMethod.fromWireName(name)
                .orElseThrow(() -> ApiException.badRequest("Unknown import method name '" + name + "'."));
        if (!enabled.contains(name)) {
            throw ApiException.badRequest("Import method '" + name + "' is not enabled here; enabled: " + enabled + ".");
        }
        String uri = null;
        if (parsed == ImportMethod.WEB_DOWNLOAD) {
            if (!(method.get("uri") instanceof String given) || given.isBlank()) {
                throw ApiException.badRequest("The web-download method needs a 'uri'.");
            }
            uri = given.trim();
        }
        List<String> stores = new ArrayList<>();
        Object requested = body.get("stores");
        if (requested != null) {
            if (!(requested instanceof List<?> list) || list.isEmpty()) {
                throw ApiException.badRequest("'stores' must be a non-empty list of store ids.");
            }
            for (Object store : list) {
                if (!(store instanceof String id) || id.isBlank()) {
                    throw ApiException.badRequest("'stores' must be a list of store ids.");
                }
                if (!stores.contains(id)) {
                    stores.add(id);
                }
            }
        }
        boolean allStores = flag(body, "all_stores", false);
        if (allStores && !stores.isEmpty()) {
            throw ApiException.badRequest("'all_stores' and 'stores' cannot be given together.");
        }
        boolean mustSucceed = flag(body, "all_stores_must_succeed", true);
        return new ImportRequest(parsed, uri, stores, allStores, mustSucceed, new LinkedHashMap<>(body));
    }

    private static boolean flag(Map<String, Object> body, String name, boolean otherwise) {
        Object value = body.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw ApiException.badRequest("'" + name + "' must be true or false.");
    }
}
