package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;
import jakarta.ws.rs.core.AbstractMultivaluedMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The query parameters of a list call, split only at {@code &} as Glance (WebOb on Python 3.9.2 and
 * later) splits them. The HTTP layer also splits at {@code ;}, so {@code name=a;b} asked for images
 * named "a" and added a filter "b": a value is never cut at a semicolon here.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    static MultivaluedMap<String, String> of(UriInfo uri) {
        MultivaluedMap<String, String> parameters = new AbstractMultivaluedMap<>(new LinkedHashMap<String, List<String>>()) {
        };
        String raw = uri.getRequestUri().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The request URL has a malformed percent escape.");
        }
    }
}
