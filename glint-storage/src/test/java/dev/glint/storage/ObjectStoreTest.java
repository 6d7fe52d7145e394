package dev.glint.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.Infrastructure;
import dev.glint.infra.SharedInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streamed put against a real S3 server (S3Proxy), at and around the part boundaries. */
class ObjectStoreTest {

    private static final int PART = 5 * 1024 * 1024;

    private final ObjectStore store = new ObjectStore(config(SharedInfrastructure.get()));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, PART - 1, PART, PART + 1, 2 * PART, 3 * PART + 12345})
    void storesExactlyWhatWasStreamed(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        String key = "test/" + UUID.randomUUID();

        ImageDigester digester = new ImageDigester("sha512");
        StoredObject stored = store.put(store.defaultBucket(), key, new ByteArrayInputStream(data), -1,
                digester::update);

        assertEquals(size, stored.size());
        assertEquals(size, digester.finish().size());
        assertEquals(size, store.stat(store.defaultBucket(), key).orElseThrow().size());
        try (InputStream in = store.open(store.defaultBucket(), key)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3 * 1024 * 1024 + 7})
    void storesAKnownLengthInOnePut(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size + 1).nextBytes(data);
        String key = "test/" + UUID.randomUUID();
        ImageDigester digester = new ImageDigester("sha512");

        StoredObject stored = store.put(store.defaultBucket(), key, new ByteArrayInputStream(data), size,
                digester::update);

        assertEquals(size, stored.size());
        assertEquals(size, digester.finish().size());
        try (InputStream in = store.open(store.defaultBucket(), key)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1})
    void aKnownLengthThatIsWrongStoresNothing(int difference) {
        byte[] data = new byte[2 * 1024 * 1024];
        String key = "test/" + UUID.randomUUID();
        assertThrows(StorageException.class, () -> store.put(store.defaultBucket(), key,
                new ByteArrayInputStream(data), data.length - difference, PartObserver.NONE));
        assertTrue(store.stat(store.defaultBucket(), key).isEmpty());
    }

    @Test
    void aStreamThatBreaksLeavesNoObject() {
        String key = "test/" + UUID.randomUUID();
        InputStream breaking = new InputStream() {
            private long sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 2L * PART + 100) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };
        StorageException failure = assertThrows(StorageException.class,
                () -> store.put(store.defaultBucket(), key, breaking));
        assertTrue(failure.getMessage().contains("client went away"), failure.getMessage());
        assertTrue(store.stat(store.defaultBucket(), key).isEmpty());
    }

    /** What the upload-worker's store-checksum verification relies on: a single PUT's ETag is its MD5. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3 * 1024 * 1024 + 7})
    void aSinglePutReportsTheMd5OfTheStoredBytesAsItsETag(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size + 2).nextBytes(data);
        String key = "test/" + UUID.randomUUID();
        ImageDigester digester = new ImageDigester("sha512");
        store.put(store.defaultBucket(), key, new ByteArrayInputStream(data), size, digester::update);

        ObjectHead head = store.head(store.defaultBucket(), key).orElseThrow();
        assertEquals(size, head.size());
        assertEquals(Optional.of(digester.finish().checksum()), head.plainMd5());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)),
                head.plainMd5().orElseThrow());
    }

    /** A multipart object's ETag ("<md5 of the part MD5s>-<parts>") is no MD5 of the data: none is offered. */
    @Test
    void aMultipartObjectOffersNoPlainMd5() {
        byte[] data = new byte[2 * PART + 1];
        new Random(3).nextBytes(data);
        String key = "test/" + UUID.randomUUID();
        store.put(store.defaultBucket(), key, new ByteArrayInputStream(data));

        ObjectHead head = store.head(store.defaultBucket(), key).orElseThrow();
        assertEquals(data.length, head.size());
        assertTrue(head.etag().endsWith("-3"), head.etag());
        assertTrue(head.plainMd5().isEmpty(), head.etag());
    }

    /**
     * What the upload-worker's part-checksums verification relies on: from the MD5s of the parts as
     * sent, the put predicts the multipart ETag the store then reports for the object.
     */
    @ParameterizedTest
    @ValueSource(ints = {PART, PART + 1, 2 * PART, 3 * PART + 12345})
    void aMultipartPutPredictsTheObjectsETag(int size) {
        byte[] data = new byte[size];
        new Random(size + 7).nextBytes(data);
        String key = "test/" + UUID.randomUUID();

        StoredObject stored = store.put(store.defaultBucket(), key, new ByteArrayInputStream(data));

        ObjectHead head = store.head(store.defaultBucket(), key).orElseThrow();
        assertEquals(head.bareEtag(), stored.expectedEtag());
        int parts = (size + PART - 1) / PART;
        assertTrue(stored.expectedEtag().endsWith("-" + parts), stored.expectedEtag());
    }

    /** Data that fits in one part goes out as one PUT, whose ETag is the data's MD5: nothing to predict. */
    @Test
    void aSinglePutPredictsNoETag() {
        StoredObject stored = store.put(store.defaultBucket(), "test/" + UUID.randomUUID(),
                new ByteArrayInputStream(new byte[PART - 1]));
        assertTrue(stored.multipartEtag().isEmpty());
    }

    @Test
    void aMissingObjectHasNoHead() {
        assertTrue(store.head(store.defaultBucket(), "test/" + UUID.randomUUID()).isEmpty());
    }

    @Test
    void onlyASinglePutETagCountsAsAnMd5() {
        String md5 = "9E107D9D372BB6826BD81D3542A419D6";
        assertEquals(Optional.of(md5.toLowerCase()), new ObjectHead("b", "k", 1, "\"" + md5 + "\"").plainMd5());
        assertEquals(Optional.of(md5.toLowerCase()), new ObjectHead("b", "k", 1, md5).plainMd5());
        assertTrue(new ObjectHead("b", "k", 1, md5 + "-2").plainMd5().isEmpty());
        assertTrue(new ObjectHead("b", "k", 1, null).plainMd5().isEmpty());
        assertTrue(new ObjectHead("b", "k", 1, "not-an-md5").plainMd5().isEmpty());
    }

    @Test
    void removingAMissingObjectCountsAsRemoved() {
        store.remove(store.defaultBucket(), "test/" + UUID.randomUUID());
    }

    private static StorageConfig config(Infrastructure infrastructure) {
        return TestStorageConfig.of(infrastructure.s3Endpoint(), infrastructure.s3AccessKey(),
                infrastructure.s3SecretKey(), "glint-storage-test").withParts(PART, 2);
    }
}
