package dev.glint.api.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageRecord;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageCache on its own, for what needs a restart or an exact moment: files found at start, fills in progress. */
class ImageCacheTest {

    @TempDir
    Path dir;

    private ImageCache cache(long maxSize) {
        return cache(maxSize, 64L << 20);
    }

    private ImageCache cache(long maxSize, long fillBuffer) {
        return new ImageCache(new CacheConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<String> dir() {
                return Optional.of(dir.toString());
            }

            @Override
            public long maxSize() {
                return maxSize;
            }

            @Override
            public Duration prefetchDelay() {
                return Duration.ZERO;
            }

            @Override
            public int prefetchWorkers() {
                return 1;
            }

            @Override
            public long fillBuffer() {
                return fillBuffer;
            }

            @Override
            public Duration sweepInterval() {
                return Duration.ofMinutes(5);
            }
        }, new SimpleMeterRegistry());
    }

    @Test
    void filesFoundAtStartAreVerifiedBeforeTheyAreServed() throws IOException {
        byte[] good = data(1, 300);
        byte[] other = data(2, 300);
        ImageRecord kept = image(good);
        ImageRecord spoilt = image(good);
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images").resolve(kept.id.toString()), good);
        Files.write(dir.resolve("images").resolve(spoilt.id.toString()), other);
        Files.createDirectories(dir.resolve("incomplete"));
        Files.write(dir.resolve("incomplete").resolve(kept.id + ".1.part"), Arrays.copyOf(good, 10));

        ImageCache cache = cache(10_000);
        assertTrue(cache.contains(kept.id) && cache.contains(spoilt.id), "both are listed until first served");
        assertTrue(isEmpty(dir.resolve("incomplete")), "a crash's partial file is deleted at start");

        assertArrayEquals(Arrays.copyOfRange(good, 10, 20), read(cache.open(kept, 10, 10).orElseThrow()));
        assertTrue(cache.open(spoilt, 0, 300).isEmpty(), "a file that does not match is never served");
        assertFalse(cache.contains(spoilt.id));
        assertTrue(Files.notExists(dir.resolve("images").resolve(spoilt.id.toString())));
    }

    @Test
    void fillsInProgressHoldTheirRoomAndOnlyVerifiedDataIsInstalled() throws IOException {
        ImageCache cache = cache(700);
        byte[] first = data(3, 300);
        byte[] second = data(4, 300);
        ImageRecord a = image(first);
        ImageRecord b = image(second);
        ImageRecord c = image(data(5, 300));

        ImageCache.Fill fillA = cache.startFill(a).orElseThrow();
        ImageCache.Fill fillB = cache.startFill(b).orElseThrow();
        assertTrue(cache.startFill(c).isEmpty(), "two fills in progress leave no room for a third");
        assertTrue(cache.startFill(a).isEmpty(), "one fill per image");

        fillA.out().write(first);
        fillA.out().close();
        assertTrue(cache.install(fillA));
        // Data that is not the image's is never installed, and its room is freed.
        fillB.out().write(first);
        fillB.out().close();
        assertFalse(cache.install(fillB));
        assertFalse(cache.contains(b.id));
        assertTrue(isEmpty(dir.resolve("incomplete")));

        ImageCache.Fill fillC = cache.startFill(c).orElseThrow();
        cache.forget(c.id, "api");
        fillC.out().close();
        assertFalse(cache.install(fillC), "a fill cancelled while it ran is dropped");
        assertEquals(300, cache.cachedBytes());
    }

    @Test
    void aDownloadThatEndsEarlyCachesNothing() throws Exception {
        ImageCache cache = cache(10_000);
        byte[] data = data(6, 300);
        ImageRecord image = image(data);
        try (InputStream in = cache.fillWhileReading(image, new ByteArrayInputStream(data))) {
            in.readNBytes(100);
        }
        // The copy ends on its writer's thread.
        assertTrue(eventually(() -> cache.startFill(image).isPresent()), "its room and its claim on the image are given back");
        assertFalse(cache.contains(image.id));
    }

    @Test
    void aWholeDownloadIsCopiedBesideItAndInstalled() throws Exception {
        ImageCache cache = cache(10_000);
        byte[] data = data(7, 3000);
        ImageRecord image = image(data);
        try (InputStream in = cache.fillWhileReading(image, new ByteArrayInputStream(data))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertTrue(eventually(() -> cache.contains(image.id)), "the copy is written, verified and installed");
    }

    /**
     * A cache disk slower than the download: the copy is given up once more than glint.cache.fill-buffer
     * waits for the disk, the download is not slowed, and the image goes to the queue instead.
     */
    @Test
    void aCopyThatFallsBehindIsGivenUpAndTheImageQueued() throws Exception {
        ImageCache cache = cache(10_000, 100);
        List<UUID> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        cache.whenCopyFallsBehind(queued::add);
        byte[] data = data(8, 3000);
        ImageRecord image = image(data);
        try (InputStream in = cache.fillWhileReading(image, new ByteArrayInputStream(data))) {
            assertArrayEquals(data, in.readAllBytes(), "the download has all its bytes");
        }
        assertTrue(eventually(() -> queued.contains(image.id)), "the image is queued to be cached from the store");
        assertFalse(cache.contains(image.id));
        assertTrue(cache.startFill(image).isPresent(), "the given-up copy's room and claim are free again");
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static ImageRecord image(byte[] data) {
        ImageDigests digests;
        try {
            digests = ImageDigester.digestAll(new ByteArrayInputStream(data), "sha512");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.status = ImageStatus.ACTIVE;
        image.size = (long) data.length;
        image.checksum = digests.checksum();
        image.osHashAlgo = digests.hashAlgorithm();
        image.osHashValue = digests.hashValue();
        return image;
    }

    private static byte[] data(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.findAny().isEmpty();
        }
    }
}
