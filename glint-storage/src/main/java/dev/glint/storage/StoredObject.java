package dev.glint.storage;

/** An object as the store reports it. */
public record StoredObject(String bucket, String key, long size) {
}
