package dev.glint.api.domain;

import java.util.List;
import java.util.Map;

/** One page request of {@code GET /v2/images}: every query parameter as given, a marker, a limit. */
public record ImageQuery(Map<String, List<String>> parameters, String marker, int limit) {

    public String first(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> all(String name) {
        return parameters.getOrDefault(name, List.of());
    }
}
