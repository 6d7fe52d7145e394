package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperable image import with all five services on the real infrastructure: stage +
 * glance-direct, web-download from a web server of the test's, copy-image into a second store, the
 * legacy tasks API, and the failure paths (source missing, source stalled, store down, lock held).
 */
class ImportE2ETest {

    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
    private static final SourceServer SOURCES = new SourceServer();

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @AfterAll
    static void stopSources() {
        SOURCES.close();
    }

    private Object newImage(String name) {
        return api.createImage(Map.of("name", name, "disk_format", "raw", "container_format", "bare")).get("id");
    }

    private static Map<String, Object> method(String name) {
        return Map.of("method", Map.of("name", name));
    }

    @Test
    void stagedDataImportedWithGlanceDirectBecomesActive() {
        byte[] data = Digests.randomBytes(9 * 1024 * 1024 + 3, 7);
        Object id = newImage("glance-direct");
        assertEquals(409, api.importImage(id, method("glance-direct")).statusCode(), "nothing staged yet");

        assertEquals(204, api.stage(id, data).statusCode());
        Map<String, Object> staged = api.image(id);
        assertEquals("uploading", staged.get("status"));
        assertEquals((long) data.length, ((Number) staged.get("size")).longValue());
        assertEquals(409, api.upload(id, data).statusCode(), "PUT /file is refused while uploading");

        HttpResponse<String> accepted = api.importImage(id, method("glance-direct"));
        assertEquals(202, accepted.statusCode(), accepted.body());
        Map<String, Object> task = api.awaitTask(id, IMPORT_TIMEOUT);
        assertEquals("success", task.get("status"), String.valueOf(task));
        assertEquals("api_image_import", task.get("type"));
        assertNotNull(task.get("expires_at"));
        assertTrue(String.valueOf(task.get("message")).startsWith("Imported 9 MiB"), String.valueOf(task.get("message")));

        Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(10));
        assertEquals(Digests.hex("MD5", data), image.get("checksum"));
        assertEquals(Digests.hex("SHA-512", data), image.get("os_hash_value"));
        // As Glance, the image keeps naming the task that imported it; no stores are left to import to.
        assertEquals(task.get("id"), image.get("os_glance_import_task"));
        assertEquals("", image.get("os_glance_importing_to_stores"), "an ended import leaves the list empty");
        assertEquals("", image.get("os_glance_failed_import"));
        assertArrayEquals(data, api.download(id, null).body());
    }

    @Test
    void webDownloadFetchesTheUrl() {
        byte[] data = Digests.randomBytes(3 * 1024 * 1024, 8);
        String uri = SOURCES.serve("/web-download.raw", data);
        Object id = newImage("web-download");
        HttpResponse<String> accepted = api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri)));
        assertEquals(202, accepted.statusCode(), accepted.body());

        assertEquals("success", api.awaitTask(id, IMPORT_TIMEOUT).get("status"));
        Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(10));
        assertEquals(Digests.hex("MD5", data), image.get("checksum"));
        assertArrayEquals(data, api.download(id, null).body());
    }

    @Test
    void missingSourceFailsTheTaskAndReturnsTheImageToQueued() {
        Object id = newImage("web-download-404");
        String uri = SOURCES.url("/no-such-image.raw");
        assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri))).statusCode());

        Map<String, Object> task = api.awaitTask(id, IMPORT_TIMEOUT);
        assertEquals("failure", task.get("status"));
        assertTrue(String.valueOf(task.get("message")).contains("404"), String.valueOf(task.get("message")));
        Map<String, Object> image = api.awaitStatus(id, "queued", Duration.ofSeconds(10));
        assertEquals("default", image.get("os_glance_failed_import"));
        assertNull(image.get("os_glance_import_task"));
        assertEquals("", String.valueOf(image.getOrDefault("os_glance_importing_to_stores", "")));

        // The lock is free again: the image can be imported once the source is there.
        byte[] data = Digests.randomBytes(1024 * 1024, 9);
        String fixed = SOURCES.serve("/no-such-image.raw", data);
        assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", fixed))).statusCode());
        api.awaitStatus(id, "active", IMPORT_TIMEOUT);
    }

    @Test
    void stalledSourceTimesOut() {
        byte[] data = Digests.randomBytes(4 * 1024 * 1024, 10);
        String uri = SOURCES.serveAndStall("/stalls.raw", data, 64 * 1024);
        Object id = newImage("web-download-stall");
        assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri))).statusCode());

        Map<String, Object> task = api.awaitTask(id, IMPORT_TIMEOUT);
        assertEquals("failure", task.get("status"));
        String message = String.valueOf(task.get("message"));
        assertTrue(message.contains("no data") || message.contains("timed out"), message);
        api.awaitStatus(id, "queued", Duration.ofSeconds(10));
    }

    @Test
    void copyImageAddsASecondStore() {
        byte[] data = Digests.randomBytes(2 * 1024 * 1024, 11);
        Object id = newImage("copy-image");
        assertEquals(204, api.upload(id, data).statusCode());
        api.awaitStatus(id, "active", Duration.ofSeconds(30));

        assertEquals(400, api.importImage(id, method("copy-image")).statusCode(), "copy-image needs stores");
        assertEquals(400, api.importImage(id, Map.of("method", Map.of("name", "copy-image"),
                "stores", List.of("nowhere"))).statusCode());
        assertEquals(409, api.importImage(id, Map.of("method", Map.of("name", "copy-image"),
                "stores", List.of("default"))).statusCode(), "already in the default store");

        HttpResponse<String> accepted = api.importImage(id, Map.of("method", Map.of("name", "copy-image"),
                "stores", List.of("second")));
        assertEquals(202, accepted.statusCode(), accepted.body());
        Map<String, Object> task = api.awaitTask(id, IMPORT_TIMEOUT);
        assertEquals("success", task.get("status"), String.valueOf(task));
        assertEquals(List.of("second"), ((Map<?, ?>) task.get("result")).get("stores"));
        Map<String, Object> image = api.image(id);
        assertEquals("active", image.get("status"));
        assertEquals(task.get("id"), image.get("os_glance_import_task"));
        assertEquals("", image.get("os_glance_importing_to_stores"), "an ended import leaves the list empty");
        assertEquals("", image.get("os_glance_failed_import"));
        assertEquals(409, api.importImage(id, Map.of("method", Map.of("name", "copy-image"),
                "stores", List.of("second"))).statusCode(), "already in the second store");
        assertArrayEquals(data, api.download(id, null).body());
    }

    @Test
    void storeDownFailsOnlyThatStoreUnlessAllMustSucceed() {
        byte[] data = Digests.randomBytes(1024 * 1024, 12);
        String uri = SOURCES.serve("/two-stores.raw", data);

        Object tolerant = newImage("store-down-tolerated");
        assertEquals(202, api.importImage(tolerant, Map.of("method", Map.of("name", "web-download", "uri", uri),
                "stores", List.of("broken", "second"), "all_stores_must_succeed", false)).statusCode());
        Map<String, Object> task = api.awaitTask(tolerant, IMPORT_TIMEOUT);
        assertEquals("success", task.get("status"), String.valueOf(task));
        Map<String, Object> image = api.awaitStatus(tolerant, "active", Duration.ofSeconds(10));
        assertEquals("broken", image.get("os_glance_failed_import"));
        assertArrayEquals(data, api.download(tolerant, null).body());

        Object strict = newImage("store-down-strict");
        assertEquals(202, api.importImage(strict, Map.of("method", Map.of("name", "web-download", "uri", uri),
                "stores", List.of("second", "broken"))).statusCode());
        Map<String, Object> failed = api.awaitTask(strict, IMPORT_TIMEOUT);
        assertEquals("failure", failed.get("status"));
        assertTrue(String.valueOf(failed.get("message")).contains("broken"), String.valueOf(failed.get("message")));
        Map<String, Object> queued = api.awaitStatus(strict, "queued", Duration.ofSeconds(10));
        assertTrue(String.valueOf(queued.get("os_glance_failed_import")).contains("broken"));
    }

    @Test
    void secondImportWhileTheLockIsHeldIsAConflict() {
        byte[] data = Digests.randomBytes(2 * 1024 * 1024, 13);
        String uri = SOURCES.serveSlowly("/slow-lock.raw", data, 256 * 1024, 500);
        Object id = newImage("lock-held");
        assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri))).statusCode());
        HttpResponse<String> second = api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri)));
        assertEquals(409, second.statusCode(), second.body());
        assertEquals("success", api.awaitTask(id, IMPORT_TIMEOUT).get("status"));
        api.awaitStatus(id, "active", Duration.ofSeconds(10));
    }

    @Test
    void imageDeletedDuringItsImportStaysDeleted() {
        byte[] data = Digests.randomBytes(4 * 1024 * 1024, 15);
        String uri = SOURCES.serveSlowly("/deleted-meanwhile.raw", data, 256 * 1024, 300);
        Object id = newImage("deleted-during-import");
        assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri))).statusCode());
        long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
        while (!String.valueOf(api.tasksOf(id).get(0).get("message")).matches("(Copied|Preparing).*")
                && System.nanoTime() < deadline) {
            ServiceProcess.sleep(100);
        }
        String taskId = (String) api.tasksOf(id).get(0).get("id");
        assertEquals(204, api.delete(id).statusCode());

        Map<String, Object> task = null;
        while (System.nanoTime() < deadline) {
            task = GlanceHttp.read(api.get("/v2/tasks/" + taskId).body());
            if ("failure".equals(task.get("status")) || "success".equals(task.get("status"))) {
                break;
            }
            ServiceProcess.sleep(200);
        }
        assertEquals("failure", task.get("status"), String.valueOf(task));
        assertTrue(String.valueOf(task.get("message")).contains("deleted"), String.valueOf(task.get("message")));
        assertEquals(404, api.status(id));
    }

    @Test
    void badImportRequestsAreRefusedUpFront() {
        Object id = newImage("bad-requests");
        assertEquals(400, api.importImage(id, Map.of()).statusCode());
        assertEquals(400, api.importImage(id, method("no-such-method")).statusCode());
        assertEquals(400, api.importImage(id, method("web-download")).statusCode(), "web-download needs a uri");
        assertEquals(400, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", "file:///etc/passwd")))
                .statusCode());
        assertEquals(409, api.importImage(id, method("copy-image")).statusCode(), "copy-image needs an active image");
        Map<String, Object> image = api.image(id);
        assertEquals("queued", image.get("status"));
        assertTrue(api.tasksOf(id).isEmpty());
    }

    @Test
    void legacyTaskImportCreatesTheImage() {
        byte[] data = Digests.randomBytes(1024 * 1024 + 17, 14);
        String uri = SOURCES.serve("/legacy.qcow2", data);
        HttpResponse<String> created = api.post("/v2/tasks", Map.of("type", "import", "input", Map.of(
                "import_from", uri, "import_from_format", "raw",
                "image_properties", Map.of("name", "legacy", "disk_format", "raw", "container_format", "bare"))));
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> task = GlanceHttp.read(created.body());
        assertEquals("pending", task.get("status"));
        String taskId = (String) task.get("id");

        long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
        while (!List.of("success", "failure").contains(task.get("status")) && System.nanoTime() < deadline) {
            ServiceProcess.sleep(200);
            task = GlanceHttp.read(api.get("/v2/tasks/" + taskId).body());
        }
        assertEquals("success", task.get("status"), String.valueOf(task));
        Object imageId = ((Map<?, ?>) task.get("result")).get("image_id");
        Map<String, Object> image = api.awaitStatus(imageId, "active", Duration.ofSeconds(10));
        assertEquals(Digests.hex("MD5", data), image.get("checksum"));

        String listed = api.get("/v2/tasks?type=import&status=success").body();
        assertTrue(listed.contains(taskId), listed);
        assertEquals(400, api.post("/v2/tasks", Map.of("type", "export", "input", Map.of())).statusCode());
    }

    @Test
    void infoListsTheMethodsAndStores() {
        String methods = api.get("/v2/info/import").body();
        assertTrue(methods.contains("glance-direct") && methods.contains("web-download") && methods.contains("copy-image"),
                methods);
        String stores = api.get("/v2/info/stores").body();
        assertTrue(stores.contains("\"second\"") && stores.contains("\"default\":true"), stores);
    }
}
