package dev.glint.api.cache;

import java.time.Instant;
import java.util.UUID;

/**
 * One cached image, as the cache keeps track of it. {@code verifiedStamp} and {@code verifiedFor}
 * say which file was last verified against which image data; both are null for a file found on
 * disk at start, which is verified before it is first served. Guarded by the ImageCache that holds it.
 */
final class CacheEntry {

    final UUID imageId;
    final long size;
    final Instant installed;
    int hits;
    Instant lastAccessed;
    FileStamp verifiedStamp;
    ExpectedData verifiedFor;

    CacheEntry(UUID imageId, long size, Instant installed) {
        this.imageId = imageId;
        this.size = size;
        this.installed = installed;
        this.lastAccessed = installed;
    }

    CachedImage view() {
        return new CachedImage(imageId, hits, lastAccessed, installed, size);
    }
}
