package dev.glint.reliability.checks;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The objects of the run's buckets, listed and read straight from the S3 server. */
public final class StoredObjects {

    public record StoredObject(String bucket, String key, long size, Instant lastModified) {
    }

    private final MinioClient client;

    public StoredObjects(String endpoint) {
        this.client = MinioClient.builder().endpoint(endpoint).credentials("glint", "glint-secret-key")
                .region("us-east-1").build();
    }

    public List<StoredObject> list(String bucket) throws Exception {
        List<StoredObject> objects = new ArrayList<>();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            return objects;
        }
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            Item item = result.get();
            if (!item.isDir()) {
                objects.add(new StoredObject(bucket, item.objectName(), item.size(),
                        item.lastModified() == null ? null : item.lastModified().toInstant()));
            }
        }
        return objects;
    }

    public InputStream open(String bucket, String key) throws Exception {
        return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
    }
}
