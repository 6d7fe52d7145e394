package dev.glint.api.domain;

import dev.glint.persistence.ImageRecord;
import dev.glint.storage.ImageDigester;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Glance's rules for the {@code validation_data} of locations: the checksum and hashes a client
 * says the data at a location has. They may repeat what the image already has; new values are
 * only taken while the image is queued (they become its checksum and hashes when the location
 * activates it), and must be well-formed for the configured hash algorithm. Every refusal is 409,
 * as in Glance, except malformed hashes given to {@code POST /locations}, which are 400.
 */
final class ValidationData {

    private static final List<String> KEYS = List.of("checksum", "os_hash_algo", "os_hash_value");

    private ValidationData() {
    }

    /** The values the image takes from {@code locations}; empty when they add nothing new. */
    static Map<String, String> newValues(ImageRecord image, List<LocationValue> locations, String hashAlgorithm) {
        Map<String, String> given = new LinkedHashMap<>();
        for (LocationValue location : locations) {
            location.validation().forEach((key, value) -> {
                String earlier = given.putIfAbsent(key, value);
                if (earlier != null && !earlier.equals(value)) {
                    throw ApiException.conflict("Conflicting values for " + key);
                }
            });
        }
        Map<String, String> fresh = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = given.get(key);
            if (value == null) {
                continue;
            }
            String current = current(image, key);
            if (value.equals(current)) {
                continue;
            }
            if (current != null && !current.isEmpty()) {
                throw ApiException.conflict(key + " is already set with a different value");
            }
            fresh.put(key, value);
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        if (image.status != dev.glint.domain.ImageStatus.QUEUED) {
            throw ApiException.conflict("New value(s) for " + String.join(", ", fresh.keySet())
                    + " may only be provided when image status is 'queued'");
        }
        String checksum = fresh.get("checksum");
        if (checksum != null && bytes(checksum) != 16) {
            throw ApiException.conflict("checksum (" + checksum + ") is not a valid hexadecimal MD5 (16 bytes)");
        }
        String algorithm = fresh.get("os_hash_algo");
        if (!hashAlgorithm.equals(algorithm)) {
            throw ApiException.conflict("os_hash_algo must be " + hashAlgorithm + ", not " + algorithm);
        }
        String hash = fresh.get("os_hash_value");
        if (hash != null) {
            int want = ImageDigester.digestLength(algorithm).orElse(-1);
            if (bytes(hash) != want) {
                throw ApiException.conflict("os_hash_value (" + hash + ") is not a valid hexadecimal value of the "
                        + "correct size for " + algorithm + " (should be " + want + " bytes)");
            }
        }
        return fresh;
    }

    static void apply(ImageRecord image, Map<String, String> values) {
        values.forEach((key, value) -> {
            switch (key) {
                case "checksum" -> image.checksum = value;
                case "os_hash_algo" -> image.osHashAlgo = value;
                default -> image.osHashValue = value;
            }
        });
    }

    /**
     * The checks of {@code POST /locations} (Glance's hashing-data check, 400): os_hash_value is
     * hex of the size os_hash_algo (or the configured algorithm) gives.
     */
    static void checkHashing(Map<String, String> validation, String hashAlgorithm) {
        String hash = validation.get("os_hash_value");
        if (hash == null) {
            return;
        }
        String algorithm = validation.getOrDefault("os_hash_algo", hashAlgorithm);
        OptionalInt want = ImageDigester.digestLength(algorithm);
        if (want.isEmpty()) {
            throw ApiException.badRequest("os_hash_algo " + algorithm + " is not a known hash algorithm");
        }
        int length = bytes(hash);
        if (length < 0) {
            throw ApiException.badRequest("os_hash_value (" + hash + ") is not a valid hexadecimal value");
        }
        if (length != want.getAsInt()) {
            throw ApiException.badRequest("os_hash_value: (" + hash + ") is not the correct size for (" + algorithm
                    + ") (should be (" + want.getAsInt() + ") bytes)");
        }
    }

    private static String current(ImageRecord image, String key) {
        return switch (key) {
            case "checksum" -> image.checksum;
            case "os_hash_algo" -> image.osHashAlgo;
            default -> image.osHashValue;
        };
    }

    /** Bytes the hex text stands for; -1 when it is not hex. */
    private static int bytes(String hex) {
        try {
            return HexFormat.of().parseHex(hex).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
