package dev.glint.storage;

import java.time.Instant;

/** An object as a bucket listing reports it: enough to decide whether it is old and whose it is. */
public record ListedObject(String bucket, String key, long size, Instant lastModified) {
}
