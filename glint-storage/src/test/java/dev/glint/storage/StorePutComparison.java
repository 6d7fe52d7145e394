package dev.glint.storage;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: times a streamed put of one file into the S3 store of a running {@code ./glint up},
 * once with the MinIO client's own {@code putObject} (unknown length, as an upload arrives) and once
 * with {@link ObjectStore#put}. Run by {@code bench/store-put.sh}.
 */
public final class StorePutComparison {

    private static final long PART = 8L << 20;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String endpoint = args.length > 1 ? args[1] : "http://127.0.0.1:9391";
        MinioClient minio = MinioClient.builder().endpoint(endpoint).credentials("glint", "glint-secret-key")
                .region("us-east-1").build();
        ObjectStore store = new ObjectStore(TestStorageConfig.of(endpoint, "glint", "glint-secret-key", "glint-images")
                .withParts(PART, 4));
        store.ensureBucket("glint-images");
        long size = Files.size(file);
        for (int round = 1; round <= 2; round++) {
            long start = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                minio.putObject(PutObjectArgs.builder().bucket("glint-images").object("benchmark/minio-put")
                        .stream(in, -1, PART).build());
            }
            report("MinIO putObject, unknown length, 8 MiB parts", size, start);
            start = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                store.put("glint-images", "benchmark/glint-put", in);
            }
            report("ObjectStore.put (unsigned payload, 4 parts in flight)", size, start);
        }
        store.remove("glint-images", "benchmark/minio-put");
        store.remove("glint-images", "benchmark/glint-put");
        System.exit(0);
    }

    private static void report(String what, long size, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-55s %6.2f s %6.0f MiB/s%n", what, seconds, size / 1048576.0 / seconds);
    }
}
