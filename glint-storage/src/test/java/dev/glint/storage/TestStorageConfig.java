package dev.glint.storage;

import java.util.List;
import java.util.Optional;

/**
 * A {@link StorageConfig} for tests that build stores without Quarkus: one store in {@code bucket}
 * unless {@link #withStores} names others, parts of 8 MiB, four in flight, unless set otherwise.
 */
record TestStorageConfig(String endpoint, String accessKey, String secretKey, String bucket, long partSize,
        int uploadConcurrency, Optional<List<String>> stores, String defaultStore) implements StorageConfig {

    static TestStorageConfig of(String endpoint, String accessKey, String secretKey, String bucket) {
        return new TestStorageConfig(endpoint, accessKey, secretKey, bucket, 8 << 20, 4, Optional.empty(), "default");
    }

    TestStorageConfig withParts(long size, int concurrency) {
        return new TestStorageConfig(endpoint, accessKey, secretKey, bucket, size, concurrency, stores, defaultStore);
    }

    TestStorageConfig withStores(Optional<List<String>> entries, String defaultId) {
        return new TestStorageConfig(endpoint, accessKey, secretKey, bucket, partSize, uploadConcurrency, entries, defaultId);
    }

    @Override
    public Optional<String> httpStore() {
        return Optional.empty();
    }

    @Override
    public String region() {
        return "us-east-1";
    }
}
