package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * With delayed delete on, a deleted image keeps its data until scrub_time (5 s in the suite) has
 * passed; then the scrubber removes the data. Before that an admin can restore it, over the API or
 * with {@code ./glint restore}.
 */
class DelayedDeleteE2ETest {

    private static final Duration SCRUB_TIME = Duration.ofSeconds(5);

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());
    private final GlanceHttp delayedApi = new GlanceHttp(suite.delayedDeleteApi.url());
    private final MinioClient s3 = MinioClient.builder()
            .endpoint(suite.infrastructure.s3Endpoint())
            .credentials(suite.infrastructure.s3AccessKey(), suite.infrastructure.s3SecretKey())
            .region("us-east-1")
            .build();

    @Test
    void dataStaysUntilScrubbed() {
        Object id = activeImage("delayed");

        assertEquals(204, delayedApi.delete(id).statusCode());
        assertEquals(404, api.status(id));
        assertEquals(1, objectsOf(id), "the data must stay until scrub_time has passed");

        awaitNoObjects(id, Duration.ofSeconds(30));
        assertEquals(0, objectsOf(id), "the scrubber should have removed the data");
        assertTrue(api.get("/v2/images").statusCode() == 200);
    }

    @Test
    void openstackImageDeleteLeavesTheDataUntilScrubTime() throws Exception {
        DebianClients.require();
        Object id = activeImage("delayed-cli");

        long deletedAt = System.nanoTime();
        run("openstack", "--os-auth-type", "none", "--os-endpoint", suite.delayedDeleteApi.url(),
                "image", "delete", id.toString());
        assertEquals(404, api.status(id));
        assertEquals(1, objectsOf(id), "the data must stay until scrub_time has passed");

        awaitNoObjects(id, Duration.ofSeconds(30));
        Duration kept = Duration.ofNanos(System.nanoTime() - deletedAt);
        assertEquals(0, objectsOf(id), "the scrubber should have removed the data");
        assertTrue(kept.compareTo(SCRUB_TIME) >= 0, "data removed after " + kept + ", before scrub_time");
        System.out.printf("openstack image delete -> data gone after %d ms (scrub_time %d s)%n", kept.toMillis(),
                SCRUB_TIME.toSeconds());
        assertEquals(404, api.status(id));
    }

    @Test
    void anAdminRestoresWithTheApiAndWithGlintRestore() throws Exception {
        Object id = activeImage("restored");
        assertEquals(204, delayedApi.delete(id).statusCode());
        HttpResponse<String> restored = restore(id);
        assertEquals(200, restored.statusCode(), restored.body());
        assertEquals("active", api.image(id).get("status"));

        Object viaCli = activeImage("restored-cli");
        assertEquals(204, delayedApi.delete(viaCli).statusCode());
        String output = run(Map.of("GLINT_API_URL", suite.delayedDeleteApi.url()),
                Path.of("..", "glint").toAbsolutePath().normalize().toString(), "restore", viaCli.toString());
        assertTrue(output.contains("restored"), output);
        assertEquals("active", api.image(viaCli).get("status"));

        // Restored images are ordinary active images: the scrubber leaves them and their data alone.
        ServiceProcess.sleep(SCRUB_TIME.toMillis() + 2000);
        assertEquals(1, objectsOf(id));
        assertEquals(1, objectsOf(viaCli));
        assertEquals(200, api.download(id, null).statusCode());

        assertEquals(409, restore(id).statusCode());
        assertTrue(runFails(Map.of("GLINT_API_URL", suite.delayedDeleteApi.url()),
                Path.of("..", "glint").toAbsolutePath().normalize().toString(), "restore", id.toString()));
    }

    private HttpResponse<String> restore(Object id) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(suite.delayedDeleteApi.url() + "/v2/images/" + id + "/actions/restore"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Object activeImage(String name) {
        Object id = api.createImage(Map.of("name", name, "disk_format", "raw", "container_format", "bare"))
                .get("id");
        assertEquals(204, api.upload(id, Digests.randomBytes(1024 * 1024, 5)).statusCode());
        api.awaitStatus(id, "active", Duration.ofSeconds(30));
        assertEquals(1, objectsOf(id));
        return id;
    }

    private void awaitNoObjects(Object id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (objectsOf(id) > 0 && System.nanoTime() < deadline) {
            ServiceProcess.sleep(250);
        }
    }

    private long objectsOf(Object id) {
        return StreamSupport.stream(s3.listObjects(ListObjectsArgs.builder()
                        .bucket("glint-images").prefix("images/" + id + "/").recursive(true).build()).spliterator(), false)
                .count();
    }

    private static String run(String... command) {
        return run(Map.of(), command);
    }

    private static String run(Map<String, String> env, String... command) {
        return Command.succeed(List.of(command), env, Duration.ofSeconds(120));
    }

    private static boolean runFails(Map<String, String> env, String... command) {
        return Command.run(List.of(command), env, Duration.ofSeconds(120)).exitCode() != 0;
    }
}
