package dev.glint.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blocking access to the S3-compatible store. Callers stream: nothing here holds a whole object in
 * memory (an upload of unknown length keeps at most a few parts in flight).
 */
@ApplicationScoped
public class ObjectStore {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");

    private final StorageConfig config;
    private final MinioClient client;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

    public ObjectStore(StorageConfig config) {
        this.config = config;
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
    }

    /** Bucket of the default store. */
    public String defaultBucket() {
        return config.bucket();
    }

    public void ensureBucket(String bucket) {
        if (knownBuckets.contains(bucket)) {
            return;
        }
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(config.region()).build());
                } catch (ErrorResponseException e) {
                    // Another replica created it first.
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
        knownBuckets.add(bucket);
    }

    /** Streams {@code data} of unknown length into the store; returns the stored size. */
    public StoredObject put(String bucket, String key, InputStream data) {
        ensureBucket(bucket);
        call("store " + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(data, -1, config.partSize())
                .contentType("application/octet-stream")
                .build()));
        return stat(bucket, key).orElseThrow(() ->
                new StorageException("Stored object " + key + " is missing right after the upload", null));
    }

    public Optional<StoredObject> stat(String bucket, String key) {
        return call("look up " + key, () -> {
            try {
                long size = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
                return Optional.of(new StoredObject(bucket, key, size));
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Opens the object for reading; the caller closes the stream. */
    public InputStream open(String bucket, String key) {
        return call("read " + key, () -> client.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /** Opens {@code length} bytes from {@code offset}; the caller closes the stream. */
    public InputStream open(String bucket, String key, long offset, long length) {
        return call("read " + key, () -> client.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length).build()));
    }

    /** Removes the object; an object that is already gone counts as removed. */
    public void remove(String bucket, String key) {
        call("remove " + key, () -> {
            try {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            } catch (ErrorResponseException e) {
                if (!NOT_FOUND.contains(e.errorResponse().code())) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** True when the store answers for the default bucket. */
    public boolean reachable() {
        try {
            client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private <T> T call(String what, StoreCall<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("Object store could not " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }
}
