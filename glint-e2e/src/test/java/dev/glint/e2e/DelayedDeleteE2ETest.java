package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * With delayed delete on, a deleted image keeps its data until scrub_time has passed; then the
 * scrubber removes the data.
 */
class DelayedDeleteE2ETest {

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
        Object id = api.createImage(Map.of("name", "delayed", "disk_format", "iso", "container_format", "bare"))
                .get("id");
        assertEquals(204, api.upload(id, Digests.randomBytes(1024 * 1024, 5)).statusCode());
        api.awaitStatus(id, "active", Duration.ofSeconds(30));
        assertEquals(1, objectsOf(id));

        assertEquals(204, delayedApi.delete(id).statusCode());
        assertEquals(404, api.status(id));
        assertEquals(1, objectsOf(id), "the data must stay until scrub_time has passed");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (objectsOf(id) > 0 && System.nanoTime() < deadline) {
            ServiceProcess.sleep(250);
        }
        assertEquals(0, objectsOf(id), "the scrubber should have removed the data");
        assertTrue(api.get("/v2/images").statusCode() == 200);
    }

    private long objectsOf(Object id) {
        return StreamSupport.stream(s3.listObjects(ListObjectsArgs.builder()
                        .bucket("glint-images").prefix("images/" + id + "/").recursive(true).build()).spliterator(), false)
                .count();
    }
}
