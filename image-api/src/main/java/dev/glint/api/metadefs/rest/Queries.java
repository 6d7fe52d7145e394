package dev.glint.api.metadefs.rest;

import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query parameters (the last value of each, as Glance reads them) and links built from them. */
final class Queries {

    private Queries() {
    }

    /** In the order the request gives them, so links built from them keep that order, as Glance's do. */
    static Map<String, String> of(UriInfo uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRequestUri().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.remove(name);
            query.put(name, value);
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static String link(String path, Map<String, String> query) {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder link = new StringBuilder(path).append('?');
        query.forEach((name, value) -> link.append(encode(name)).append('=').append(encode(value)).append('&'));
        return link.substring(0, link.length() - 1);
    }

    /** A {@code Location} header value: the path with each segment percent-encoded. */
    static URI location(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment).replace("+", "%20"));
        }
        return URI.create(path.toString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
