package dev.glint.api.cache;

import java.time.Instant;
import java.util.UUID;

/** A cached image as {@code GET /v2/cache} lists it. */
public record CachedImage(UUID imageId, int hits, Instant lastAccessed, Instant lastModified, long size) {
}
