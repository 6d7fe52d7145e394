package dev.glint.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.time.Duration;
import okhttp3.OkHttpClient;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Blocking access to the S3-compatible store. Callers stream: nothing here holds a whole object in
 * memory (an upload of unknown length keeps at most a few parts in flight).
 */
@ApplicationScoped
public class ObjectStore {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");
    /** S3's smallest part (but the last); the largest keeps a part in one Java array. */
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final long MAX_PART_SIZE = 1L << 30;
    /** S3 takes at most 5 GiB in one PUT. */
    private static final long MAX_SINGLE_PUT = 5L << 30;

    private final StorageConfig config;
    private final MinioClient client;
    private final MinioAsyncClient multipart;
    private final UnsignedPayloadS3Client uploads;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();
    /** Hashes the parts of multipart uploads, beside their transfer (daemon threads, made on demand). */
    private final ExecutorService partHashing = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "glint-part-md5");
        thread.setDaemon(true);
        return thread;
    });

    public ObjectStore(StorageConfig config) {
        if (config.partSize() < MIN_PART_SIZE || config.partSize() > MAX_PART_SIZE) {
            throw new IllegalArgumentException("glint.storage.part-size must be between 5 MiB and 1 GiB, not "
                    + config.partSize());
        }
        if (config.uploadConcurrency() < 1) {
            throw new IllegalArgumentException("glint.storage.upload-concurrency must be at least 1");
        }
        this.config = config;
        // One connection pool for all three clients of the store.
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofMinutes(5))
                .readTimeout(Duration.ofMinutes(5))
                .build();
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(http)
                .build();
        this.multipart = MinioAsyncClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(http)
                .build();
        this.uploads = new UnsignedPayloadS3Client(http, config.endpoint(), config.region(), config.accessKey(),
                config.secretKey());
    }

    /** Base URL of the S3 endpoint this client talks to. */
    public String endpoint() {
        return config.endpoint();
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

    /** Streams {@code data} of unknown length into the store; returns what was stored. */
    public StoredObject put(String bucket, String key, InputStream data) {
        return put(bucket, key, data, -1, PartObserver.NONE);
    }

    /**
     * Streams {@code data} into the store, showing every part to {@code observer} (e.g. to hash it)
     * while the part is being sent. A {@code length} of -1 means unknown.
     *
     * <p>A known length up to S3's single-PUT limit goes out as one streamed PUT; anything else as
     * a multipart upload. One PUT is much faster on S3-compatible stores that assemble a multipart
     * object by copying its parts (S3Proxy's filesystem store does).
     */
    public StoredObject put(String bucket, String key, InputStream data, long length, PartObserver observer) {
        ensureBucket(bucket);
        if (length >= 0 && length <= MAX_SINGLE_PUT) {
            call("store " + key, () -> {
                uploads.putStream(bucket, key, data, length, observer).close();
                return null;
            });
            return new StoredObject(bucket, key, length);
        }
        MultipartUpload upload = new MultipartUpload(multipart, uploads, bucket, key, (int) config.partSize(),
                config.uploadConcurrency(), observer, partHashing);
        long size = call("store " + key, () -> upload.run(data));
        return new StoredObject(bucket, key, size, upload.expectedEtag());
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

    /**
     * Size and ETag of the object (one HEAD request, no data read), or empty when it is missing.
     * See {@link ObjectHead} for what the ETag tells about the stored bytes.
     */
    public Optional<ObjectHead> head(String bucket, String key) {
        return call("look up " + key, () -> {
            try {
                io.minio.StatObjectResponse stat = client.statObject(
                        StatObjectArgs.builder().bucket(bucket).object(key).build());
                return Optional.of(new ObjectHead(bucket, key, stat.size(), stat.etag()));
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
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StorageException("Object store could not " + what + ": " + cause.getMessage(), cause);
        } catch (Exception e) {
            throw new StorageException("Object store could not " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }

    /**
     * The objects of {@code bucket} whose key starts with {@code prefix}, fetched page by page as
     * the stream is consumed; a bucket that does not exist holds nothing. The caller closes the stream.
     */
    public java.util.stream.Stream<ListedObject> list(String bucket, String prefix) {
        boolean exists = call("look up bucket " + bucket,
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        if (!exists) {
            return java.util.stream.Stream.empty();
        }
        Iterable<io.minio.Result<io.minio.messages.Item>> pages = client.listObjects(io.minio.ListObjectsArgs.builder()
                .bucket(bucket).prefix(prefix).recursive(true).build());
        return java.util.stream.StreamSupport.stream(pages.spliterator(), false)
                .map(result -> call("list " + bucket + "/" + prefix, result::get))
                .filter(item -> !item.isDir())
                .map(item -> new ListedObject(bucket, item.objectName(), item.size(),
                        item.lastModified().toInstant()));
    }
}
