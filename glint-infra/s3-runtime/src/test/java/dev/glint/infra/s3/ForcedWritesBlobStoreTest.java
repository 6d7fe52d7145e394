package dev.glint.infra.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Every acknowledged write of the durable store forces the object and its directories, on the real filesystem store. */
class ForcedWritesBlobStoreTest {

    @TempDir
    Path root;

    private final List<Path> forced = new ArrayList<>();

    private ForcedWritesBlobStore store() {
        return new ForcedWritesBlobStore(new FilesystemNio2BlobStore(root.toString()), root) {
            @Override
            void force(Path path) {
                forced.add(path);
                super.force(path);
            }
        };
    }

    @Test
    void aPutIsForcedWithEveryDirectoryUpToTheRoot() throws Exception {
        ForcedWritesBlobStore store = store();
        store.createContainer("bucket");
        byte[] data = "image bytes".getBytes(StandardCharsets.UTF_8);
        store.putBlob(PutObjectRequest.builder().bucket("bucket").key("images/abc/copy").contentLength((long) data.length)
                .build(), new ByteArrayInputStream(data));

        Path file = root.resolve("bucket/images/abc/copy");
        assertEquals(List.of(file, root.resolve("bucket/images/abc"), root.resolve("bucket/images"),
                root.resolve("bucket"), root), forced);
        try (InputStream in = store.getBlob(GetObjectRequest.builder().bucket("bucket").key("images/abc/copy").build())) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aCopyIsForcedAtItsDestination() {
        ForcedWritesBlobStore store = store();
        store.createContainer("source");
        store.createContainer("target");
        byte[] data = "copied".getBytes(StandardCharsets.UTF_8);
        store.putBlob(PutObjectRequest.builder().bucket("source").key("a").contentLength((long) data.length).build(),
                new ByteArrayInputStream(data));
        forced.clear();

        store.copyBlob(CopyObjectRequest.builder().sourceBucket("source").sourceKey("a")
                .destinationBucket("target").destinationKey("b/c").build());

        assertEquals(List.of(root.resolve("target/b/c"), root.resolve("target/b"), root.resolve("target"), root), forced);
    }
}
