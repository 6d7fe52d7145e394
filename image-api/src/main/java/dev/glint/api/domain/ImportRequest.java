package dev.glint.api.domain;

import dev.glint.domain.ImportMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /v2/images/{id}/import}, checked: the method (and its URI for
 * web-download, its remote image for glance-download), the stores asked for, and whether every
 * store must succeed.
 */
public record ImportRequest(ImportMethod method, String uri, RemoteImage remote, List<String> stores,
        boolean allStores, boolean allStoresMustSucceed, Map<String, Object> body) {

    /** glance-download's source: an image in another region's image service, reached through one of its interfaces. */
    public record RemoteImage(UUID imageId, String region, String serviceInterface) {
    }

    /** Glance's default interface when the request names none. */
    static final String DEFAULT_INTERFACE = "public";

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
        Map<String, Object> copied = new LinkedHashMap<>(body);
        RemoteImage remote = null;
        if (parsed == ImportMethod.GLANCE_DOWNLOAD) {
            remote = remoteImage(method);
            // As Glance, the interface used is written into the task's input when the request left it out.
            Map<String, Object> withInterface = new LinkedHashMap<>();
            method.forEach((key, value) -> withInterface.put(String.valueOf(key), value));
            withInterface.put("glance_service_interface", remote.serviceInterface());
            copied.put("method", withInterface);
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
        return new ImportRequest(parsed, uri, remote, stores, allStores, mustSucceed, copied);
    }

    /** Glance's checks, and its messages: a region, and an image id that is a UUID (Tempest looks for the words). */
    static RemoteImage remoteImage(Map<?, ?> method) {
        if (!(method.get("glance_region") instanceof String region) || region.isBlank()) {
            throw ApiException.badRequest("'glance_region' needs to be set for glance-download import method.");
        }
        if (!(method.get("glance_image_id") instanceof String id)) {
            throw ApiException.badRequest("'glance_image_id' needs to be set for glance-download import method.");
        }
        UUID imageId;
        try {
            imageId = UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            imageId = null;
        }
        // UUID.fromString also takes short forms such as 1-2-3-4-5; an image id is the canonical one.
        if (imageId == null || !imageId.toString().equalsIgnoreCase(id.trim())) {
            throw ApiException.badRequest("Remote image id does not look like a UUID: " + id);
        }
        Object given = method.get("glance_service_interface");
        if (given != null && (!(given instanceof String name) || name.isBlank())) {
            throw ApiException.badRequest("'glance_service_interface' must be an interface name such as 'public', "
                    + "'internal' or 'admin'.");
        }
        String serviceInterface = given == null ? DEFAULT_INTERFACE : ((String) given).trim();
        return new RemoteImage(imageId, region.trim(), serviceInterface);
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
