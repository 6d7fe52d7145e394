package dev.glint.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the S3-compatible object store is and how to talk to it ({@code glint.storage.*}). */
@ConfigMapping(prefix = "glint.storage")
public interface StorageConfig {

    /** Base URL of the S3 endpoint, e.g. {@code http://127.0.0.1:9391}. */
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("us-east-1")
    String region();

    /** Bucket of the default store, where image data lives. */
    @WithDefault("glint-images")
    String bucket();

    /**
     * Size of one multipart part. An upload of unknown length holds about this much per part in
     * flight, so it bounds the memory one upload needs.
     */
    @WithDefault("8388608")
    long partSize();

    /**
     * The named stores, Glance's {@code enabled_backends}: entries {@code id=bucket} or
     * {@code id=bucket@endpoint} (another S3 endpoint, same credentials). Unset: one store,
     * {@code default}, in {@link #bucket()}.
     */
    java.util.Optional<java.util.List<String>> stores();

    /** The store that takes data when a request names none. */
    @WithDefault("default")
    String defaultStore();

    /**
     * The id of Glance's read-only {@code http} store (an {@code http} entry of Glance's
     * {@code enabled_backends}): with it, images can have locations at http(s) URLs, whose data
     * Glint reads but never writes or removes. Unset: no http store.
     */
    java.util.Optional<String> httpStore();

    /** How many parts of one upload are sent to the store at the same time. */
    @WithDefault("4")
    int uploadConcurrency();
}
