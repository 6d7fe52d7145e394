package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spine's path over HTTP with all five services: create, upload, verify, activate, download, delete. */
class UploadPathE2ETest {

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @Test
    void uploadedImageBecomesActiveAndDownloadsIdentically() {
        byte[] data = Digests.randomBytes(12 * 1024 * 1024 + 5, 42);
        Map<String, Object> created = api.createImage(Map.of("name", "e2e-upload", "disk_format", "raw",
                "container_format", "bare"));
        Object id = created.get("id");

        HttpResponse<String> upload = api.upload(id, data);
        assertEquals(204, upload.statusCode(), upload.body());

        Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(30));
        assertEquals((long) data.length, ((Number) image.get("size")).longValue());
        assertEquals(Digests.hex("MD5", data), image.get("checksum"));
        assertEquals("sha512", image.get("os_hash_algo"));
        assertEquals(Digests.hex("SHA-512", data), image.get("os_hash_value"));

        HttpResponse<byte[]> download = api.download(id, null);
        assertEquals(200, download.statusCode());
        assertEquals(Digests.hex("MD5", data), download.headers().firstValue("Content-MD5").orElseThrow());
        assertEquals("application/octet-stream", download.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(data, download.body());

        HttpResponse<byte[]> range = api.download(id, "bytes=100-1099");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 100-1099/" + data.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(data, 100, 1100), range.body());
        assertEquals(416, api.download(id, "bytes=" + data.length + "-").statusCode());

        assertEquals(409, api.upload(id, data).statusCode());
        assertEquals(204, api.delete(id).statusCode());
        assertEquals(404, api.status(id));
        assertEquals(404, api.download(id, null).statusCode());
    }

    @Test
    void emptyUploadIsActiveWithSizeZero() {
        Object id = api.createImage(Map.of("name", "empty", "disk_format", "raw", "container_format", "bare")).get("id");
        assertEquals(204, api.upload(id, new byte[0]).statusCode());
        Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(30));
        assertEquals(0, ((Number) image.get("size")).intValue());
        assertEquals(Digests.hex("MD5", new byte[0]), image.get("checksum"));
    }
}
