package dev.glint.scrubber.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * A key prefix under which every object belongs to one image: {@code <prefix><image id>/...}.
 * Image data lives in one kind of area, staged data (interoperable import) in the other.
 */
public record StorageArea(String prefix, Kind kind) {

    public enum Kind { IMAGE_DATA, STAGING }

    /** The image an object of this area belongs to; empty for a key not laid out by Glint. */
    public Optional<UUID> imageOf(String key) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = key.indexOf('/', prefix.length());
        if (end < 0) {
            return Optional.empty();
        }
        String id = key.substring(prefix.length(), end);
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
