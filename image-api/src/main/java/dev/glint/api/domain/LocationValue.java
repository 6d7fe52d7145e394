package dev.glint.api.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One location as a client gives it (in a PATCH on {@code /locations}): {@code url}, {@code metadata}
 * and, optionally, {@code validation_data}, checked against the image schema's location item as
 * Glance checks it (400 otherwise).
 *
 * @param validation the checksum, os_hash_algo and os_hash_value the client says the data has; empty when none
 */
public record LocationValue(String url, Map<String, Object> metadata, Map<String, String> validation) {

    static final int MAX_URL_LENGTH = 255;
    private static final Set<String> VALIDATION_KEYS = Set.of("checksum", "os_hash_algo", "os_hash_value");

    static LocationValue parse(Object value) {
        if (!(value instanceof Map<?, ?> location)) {
            throw invalid("a location must be an object with 'url' and 'metadata'");
        }
        if (!location.containsKey("url")) {
            throw invalid("'url' is a required property");
        }
        if (!location.containsKey("metadata")) {
            throw invalid("'metadata' is a required property");
        }
        if (!(location.get("url") instanceof String url)) {
            throw invalid("'url' must be a string");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid("'url' is longer than " + MAX_URL_LENGTH + " characters");
        }
        if (!(location.get("metadata") instanceof Map<?, ?> metadata)) {
            throw invalid("'metadata' must be an object");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        metadata.forEach((key, item) -> copy.put(String.valueOf(key), item));
        return new LocationValue(url, copy, validation(location.get("validation_data"), location.containsKey("validation_data")));
    }

    private static Map<String, String> validation(Object value, boolean present) {
        if (!present) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> data)) {
            throw invalid("'validation_data' must be an object");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : data.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!VALIDATION_KEYS.contains(key)) {
                throw invalid("additional property '" + key + "' is not allowed in 'validation_data'");
            }
            if (!(entry.getValue() instanceof String text)) {
                throw invalid("'" + key + "' in 'validation_data' must be a string");
            }
            checked.put(key, text);
        }
        String checksum = checked.get("checksum");
        if (checksum != null && checksum.length() != 32) {
            throw invalid("'checksum' in 'validation_data' must be 32 characters long");
        }
        if (!checked.containsKey("os_hash_algo")) {
            throw invalid("'os_hash_algo' is a required property of 'validation_data'");
        }
        if (!checked.containsKey("os_hash_value")) {
            throw invalid("'os_hash_value' is a required property of 'validation_data'");
        }
        if (checked.get("os_hash_algo").length() > 64) {
            throw invalid("'os_hash_algo' in 'validation_data' is longer than 64 characters");
        }
        if (checked.get("os_hash_value").length() > 128) {
            throw invalid("'os_hash_value' in 'validation_data' is longer than 128 characters");
        }
        return checked;
    }

    private static ApiException invalid(String reason) {
        return ApiException.badRequest("Provided object does not match schema 'image': " + reason);
    }
}
