package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upload-worker dies after the data is stored and before it activates the image: once it is
 * back, the image still becomes active and none is left in saving.
 */
class UploadWorkerRestartE2ETest {

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @Test
    void imageBecomesActiveAfterTheWorkerComesBack() {
        byte[] data = Digests.randomBytes(2 * 1024 * 1024, 99);
        Object id = api.createImage(Map.of("name", "survivor", "disk_format", "raw", "container_format", "bare"))
                .get("id");
        suite.uploadWorker.kill();
        try {
            // image-api stores the data and records "data received", then gives up waiting.
            assertEquals(204, api.upload(id, data).statusCode());
            assertEquals("saving", api.image(id).get("status"));
        } finally {
            suite.uploadWorker.start().awaitReady(Duration.ofSeconds(120));
        }
        Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(90));
        assertEquals(Digests.hex("SHA-512", data), image.get("os_hash_value"));
        assertEquals(200, api.download(id, null).statusCode());
    }
}
