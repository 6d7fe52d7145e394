package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An import-worker killed in the middle of an import: the task-executor sees the task's progress
 * stop, hands the task out again, and the restarted worker finishes it.
 */
class ImportWorkerRestartE2ETest {

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @Test
    void importOfAKilledWorkerIsHandedOutAgainAndCompletes() {
        byte[] data = Digests.randomBytes(8 * 1024 * 1024, 21);
        try (SourceServer sources = new SourceServer()) {
            String uri = sources.serveSlowly("/slow.raw", data, 512 * 1024, 400);
            Object id = api.createImage(Map.of("name", "killed-worker", "disk_format", "raw", "container_format", "bare"))
                    .get("id");
            assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri)))
                    .statusCode());

            // Reading the source ("Preparing" while conversion spools it, then "Copied"): mid-import.
            awaitProgress(id, Duration.ofSeconds(30));
            suite.importWorker.kill();
            try {
                ServiceProcess.sleep(2000);
                Map<String, Object> running = api.tasksOf(id).get(0);
                assertEquals("processing", running.get("status"), "a dead worker does not finish the task");
                assertEquals("importing", api.image(id).get("status"));
            } finally {
                suite.importWorker.start().awaitReady(Duration.ofSeconds(120));
            }

            Map<String, Object> task = api.awaitTask(id, Duration.ofSeconds(90));
            assertEquals("success", task.get("status"), String.valueOf(task));
            Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(10));
            assertEquals(Digests.hex("MD5", data), image.get("checksum"));
            assertTrue(api.tasksOf(id).stream().allMatch(t -> "success".equals(t.get("status"))),
                    "one task, done once: " + api.tasksOf(id));
        }
    }

    private void awaitProgress(Object id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> tasks = api.tasksOf(id);
            String message = tasks.isEmpty() ? "" : String.valueOf(tasks.get(0).get("message"));
            if (message.startsWith("Copied") || message.startsWith("Preparing")) {
                return;
            }
            ServiceProcess.sleep(100);
        }
        throw new AssertionError("task of image " + id + " never reported progress: " + api.tasksOf(id));
    }
}
