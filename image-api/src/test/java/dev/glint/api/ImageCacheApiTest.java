package dev.glint.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image cache on the real embedded infrastructure: downloads served from the cache match the
 * store's, Range works on cached data, the least recently used image is evicted, tampered files
 * are never served, images that are no longer active leave the cache, and Glance's cache API
 * answers with Glance's codes.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(CacheProfile.class)
class ImageCacheApiTest {

    private static final int IMAGE_SIZE = 1000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String project = Persona.newProject();
    private final Persona admin = Persona.admin(project);
    private final Persona member = Persona.member(project);

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    @BeforeEach
    void emptyCache() {
        admin.call().when().delete("/v2/cache").then().statusCode(204);
    }

    @Test
    void aHitGivesTheBytesAndHeadersOfTheMiss() {
        byte[] data = randomBytes(1);
        String id = activeImage(data);
        double hitsBefore = metric("glint_cache_hits_total");

        Response miss = download(member, id, null);
        assertEquals(200, miss.statusCode());
        assertArrayEquals(data, miss.asByteArray());
        assertEquals(md5(data), miss.header("Content-MD5"));
        awaitCached(id);

        Response hit = download(member, id, null);
        assertEquals(200, hit.statusCode());
        assertArrayEquals(data, hit.asByteArray());
        for (String header : List.of("Content-Type", "Content-Length", "Content-MD5", "Content-Range")) {
            assertEquals(miss.header(header), hit.header(header), header);
        }
        assertEquals(hitsBefore + 1, metric("glint_cache_hits_total"));
        admin.call().when().get("/v2/cache").then().statusCode(200)
                .body("cached_images.find { it.image_id == '" + id + "' }.hits", equalTo(1))
                .body("cached_images.find { it.image_id == '" + id + "' }.size", equalTo(IMAGE_SIZE));
        assertTrue(metric("glint_cache_served_bytes_total") >= IMAGE_SIZE);
        assertTrue(metric("glint_cache_size_bytes") >= IMAGE_SIZE);
    }

    @Test
    void rangesOfACachedImageAreServedFromIt() {
        byte[] data = randomBytes(2);
        String id = activeImage(data);
        download(member, id, null);
        awaitCached(id);

        Response middle = download(member, id, "bytes=100-199");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 100-199/" + IMAGE_SIZE, middle.header("Content-Range"));
        assertEquals("100", middle.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(data, 100, 200), middle.asByteArray());
        Response tail = download(member, id, "bytes=-10");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(data, IMAGE_SIZE - 10, IMAGE_SIZE), tail.asByteArray());
        assertEquals(416, download(member, id, "bytes=5000-").statusCode());
        // Both ranges came from the cache.
        assertEquals(2, (Integer) hits(id));
    }

    @Test
    void theLeastRecentlyUsedImageIsEvictedForANewOne() {
        String first = activeImage(randomBytes(3));
        String second = activeImage(randomBytes(4));
        String third = activeImage(randomBytes(5));
        download(member, first, null);
        awaitCached(first);
        download(member, second, null);
        awaitCached(second);
        double evictions = metric("glint_cache_evictions_total{reason=\"size\"}");
        download(member, first, null);

        download(member, third, null);
        awaitCached(third);
        admin.call().when().get("/v2/cache").then().statusCode(200)
                .body("cached_images.image_id", hasItem(first))
                .body("cached_images.image_id", hasItem(third))
                .body("cached_images.image_id", not(hasItem(second)));
        assertEquals(evictions + 1, metric("glint_cache_evictions_total{reason=\"size\"}"));
        assertTrue(metric("glint_cache_size_bytes") <= CacheProfile.MAX_SIZE);
        assertTrue(Files.notExists(cachedFile(second)));

        // An image larger than the whole cache is served, and never cached.
        byte[] large = new byte[CacheProfile.MAX_SIZE + 1];
        new Random(6).nextBytes(large);
        String big = activeImage(large);
        assertArrayEquals(large, download(member, big, null).asByteArray());
        admin.call().when().get("/v2/cache").then().body("cached_images.image_id", not(hasItem(big)));
    }

    @Test
    void aTamperedFileIsDetectedDeletedAndNeverServed() throws IOException {
        byte[] data = randomBytes(7);
        String id = activeImage(data);
        download(member, id, null);
        awaitCached(id);
        double corrupt = metric("glint_cache_evictions_total{reason=\"corrupt\"}");

        // Same length, other bytes, and the old modification time back: only the change time tells.
        Path file = cachedFile(id);
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] tampered = data.clone();
        tampered[500] ^= 0x5a;
        Files.write(file, tampered);
        Files.setLastModifiedTime(file, modified);

        Response served = download(member, id, null);
        assertEquals(200, served.statusCode());
        assertArrayEquals(data, served.asByteArray(), "the store's data, not the tampered file");
        assertEquals(corrupt + 1, metric("glint_cache_evictions_total{reason=\"corrupt\"}"));
        Response range = download(member, id, "bytes=495-504");
        assertArrayEquals(Arrays.copyOfRange(data, 495, 505), range.asByteArray());
        // The whole download cached the image again, from the store.
        awaitCached(id);
        assertArrayEquals(data, Files.readAllBytes(file));
    }

    @Test
    void aDeactivatedImageIsNotServedFromTheCacheAndLeavesIt() {
        byte[] data = randomBytes(8);
        String id = activeImage(data);
        download(member, id, null);
        awaitCached(id);

        // Straight in the database, without an event: the download's own status check must hold.
        TestImages.setStatus(id, "deactivated");
        assertEquals(403, download(member, id, null).statusCode());
        Response byAdmin = download(admin, id, null);
        assertEquals(200, byAdmin.statusCode());
        assertArrayEquals(data, byAdmin.asByteArray());
        admin.call().when().get("/v2/cache").then().body("cached_images.image_id", not(hasItem(id)));
        assertTrue(Files.notExists(cachedFile(id)));
        // Nor is it cached again while deactivated.
        download(admin, id, null);
        admin.call().when().get("/v2/cache").then().body("cached_images.image_id", not(hasItem(id)));
    }

    @Test
    void deactivatingOrDeletingAnImageRemovesItsCacheEntry() {
        String deactivated = activeImage(randomBytes(9));
        String deleted = activeImage(randomBytes(10));
        download(member, deactivated, null);
        awaitCached(deactivated);
        download(member, deleted, null);
        awaitCached(deleted);

        admin.call().when().post("/v2/images/" + deactivated + "/actions/deactivate").then().statusCode(204);
        member.call().when().delete("/v2/images/" + deleted).then().statusCode(204);
        await(() -> !cachedIds().contains(deactivated) && !cachedIds().contains(deleted),
                "the status events remove both from the cache");
        assertTrue(Files.notExists(cachedFile(deleted)));
        assertEquals(404, download(member, deleted, null).statusCode());
    }

    @Test
    void theCacheApiAnswersWithGlancesCodes() {
        String active = activeImage(randomBytes(11));
        String queued = member.create(Map.of("name", "never-uploaded"));

        member.call().when().get("/v2/cache").then().statusCode(403);
        member.call().when().put("/v2/cache/" + active).then().statusCode(403);
        member.call().when().delete("/v2/cache/" + active).then().statusCode(403);
        member.call().when().delete("/v2/cache").then().statusCode(403);

        admin.call().when().put("/v2/cache/" + UUID.randomUUID()).then().statusCode(404);
        admin.call().when().put("/v2/cache/non-existing-image-id").then().statusCode(404);
        admin.call().when().put("/v2/cache/" + queued).then().statusCode(400)
                .body("message", containsString("active"));
        admin.call().when().delete("/v2/cache/" + UUID.randomUUID()).then().statusCode(404);
        admin.call().header("x-image-cache-clear-target", "invalid").when().delete("/v2/cache").then().statusCode(400);

        admin.call().when().put("/v2/cache/" + active).then().statusCode(202);
        admin.call().when().get("/v2/cache").then().statusCode(200)
                .body("queued_images", equalTo(List.of(active))).body("cached_images", empty());
        admin.call().when().delete("/v2/cache/" + active).then().statusCode(204);
        admin.call().when().get("/v2/cache").then().body("queued_images", empty());
    }

    @Test
    void aQueuedImageIsCachedByTheWorker() {
        byte[] data = randomBytes(12);
        String id = activeImage(data);
        double hits = metric("glint_cache_hits_total");

        admin.call().when().put("/v2/cache/" + id).then().statusCode(202);
        admin.call().when().get("/v2/cache").then().body("queued_images", hasItem(id));
        awaitCached(id);
        await(() -> !queuedIds().contains(id), "the image leaves the queue once cached");
        assertArrayEquals(data, download(member, id, null).asByteArray());
        assertEquals(hits + 1, metric("glint_cache_hits_total"), "served from the cache the worker filled");
        // Queueing a cached image again changes nothing.
        admin.call().when().put("/v2/cache/" + id).then().statusCode(202);
        admin.call().when().get("/v2/cache").then().body("queued_images", not(hasItem(id)));
    }

    @Test
    void clearingEmptiesWhatTheHeaderNames() {
        String cached = activeImage(randomBytes(13));
        String waiting = activeImage(randomBytes(14));
        download(member, cached, null);
        awaitCached(cached);

        admin.call().when().put("/v2/cache/" + waiting).then().statusCode(202);
        admin.call().header("x-image-cache-clear-target", "cache").when().delete("/v2/cache").then().statusCode(204);
        admin.call().when().get("/v2/cache").then()
                .body("cached_images", empty()).body("queued_images", equalTo(List.of(waiting)));
        admin.call().header("x-image-cache-clear-target", "QUEUE").when().delete("/v2/cache").then().statusCode(204);
        admin.call().when().get("/v2/cache").then().body("queued_images", empty());

        download(member, cached, null);
        awaitCached(cached);
        admin.call().when().put("/v2/cache/" + waiting).then().statusCode(202);
        admin.call().when().delete("/v2/cache").then().statusCode(204);
        admin.call().when().get("/v2/cache").then().body("cached_images", empty()).body("queued_images", empty());
        // The queue's worker finds nothing to do once its image left the queue.
        sleep(Duration.ofSeconds(3));
        assertTrue(!cachedIds().contains(waiting), "an image taken out of the queue is not cached");
    }

    /** An active image with {@code data}, its hashes computed by the upload, as the upload-worker leaves it. */
    private String activeImage(byte[] data) {
        String id = member.create(Map.of("name", "cached", "disk_format", "raw", "container_format", "bare"));
        member.call().contentType("application/octet-stream").body(data)
                .when().put("/v2/images/" + id + "/file").then().statusCode(204);
        TestImages.activateUploaded(id);
        return id;
    }

    private static Response download(Persona who, String id, String range) {
        var request = who.call().accept("application/octet-stream");
        if (range != null) {
            request.header("Range", range);
        }
        return request.when().get("/v2/images/" + id + "/file").andReturn();
    }

    /** {@code GET /v2/cache} as an admin. */
    private JsonPath cacheState() {
        return admin.call().when().get("/v2/cache").then().statusCode(200).extract().jsonPath();
    }

    private List<String> cachedIds() {
        return cacheState().getList("cached_images.image_id");
    }

    private List<String> queuedIds() {
        return cacheState().getList("queued_images");
    }

    private Object hits(String id) {
        return cacheState().get("cached_images.find { it.image_id == '" + id + "' }.hits");
    }

    /** Whole downloads are installed in the cache in the background, once verified. */
    private void awaitCached(String id) {
        await(() -> cachedIds().contains(id), "image " + id + " is cached");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path cachedFile(String id) {
        return Path.of(ConfigProvider.getConfig().getValue("glint.cache.dir", String.class), "images", id);
    }

    /** The value of one line of /q/metrics, 0 when the meter does not exist yet. */
    private static double metric(String name) {
        String metrics = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{")
                        && !name.contains("{"))
                .findFirst().map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    private static byte[] randomBytes(long seed) {
        byte[] data = new byte[IMAGE_SIZE];
        new Random(seed ^ System.nanoTime()).nextBytes(data);
        return data;
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
