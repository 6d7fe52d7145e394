package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glance's import plugins in a real import: a gzip-compressed qcow2 comes out as a raw image. */
class ImportPluginsE2ETest {

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @Test
    void compressedDataIsDecompressed() throws IOException {
        byte[] data = Digests.randomBytes(2 * 1024 * 1024, 31);
        try (SourceServer sources = new SourceServer()) {
            String uri = sources.serve("/image.raw.gz", gzip(data));
            Object id = api.createImage(Map.of("name", "gzipped", "disk_format", "raw", "container_format", "bare"))
                    .get("id");
            assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri)))
                    .statusCode());
            assertEquals("success", api.awaitTask(id, Duration.ofSeconds(60)).get("status"));
            Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(10));
            assertEquals((long) data.length, ((Number) image.get("size")).longValue());
            assertArrayEquals(data, api.download(id, null).body());
        }
    }

    @Test
    void compressedQcow2IsConvertedToRaw(@TempDir Path dir) throws IOException {
        QemuImg.require();
        byte[] data = Digests.randomBytes(1024 * 1024, 32);
        Path qcow2 = QemuImg.qcow2(dir, data, 16);
        try (SourceServer sources = new SourceServer()) {
            String uri = sources.serve("/image.qcow2.gz", gzip(Files.readAllBytes(qcow2)));
            Object id = api.createImage(Map.of("name", "qcow2", "disk_format", "qcow2", "container_format", "bare"))
                    .get("id");
            assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri)))
                    .statusCode());
            Map<String, Object> task = api.awaitTask(id, Duration.ofSeconds(60));
            assertEquals("success", task.get("status"), String.valueOf(task));
            Map<String, Object> image = api.awaitStatus(id, "active", Duration.ofSeconds(10));
            assertEquals("raw", image.get("disk_format"));
            assertEquals(16L * 1024 * 1024, ((Number) image.get("size")).longValue());
            assertEquals(16L * 1024 * 1024, ((Number) image.get("virtual_size")).longValue());
            byte[] stored = api.download(id, null).body();
            assertArrayEquals(data, Arrays.copyOf(stored, data.length));
            assertTrue(Arrays.equals(new byte[stored.length - data.length],
                    Arrays.copyOfRange(stored, data.length, stored.length)));
        }
    }

    @Test
    void qcow2ClaimedAsRawIsRefused(@TempDir Path dir) throws IOException {
        QemuImg.require();
        Path qcow2 = QemuImg.qcow2(dir, Digests.randomBytes(4096, 33), 4);
        try (SourceServer sources = new SourceServer()) {
            String uri = sources.serve("/disguised.raw", Files.readAllBytes(qcow2));
            Object id = api.createImage(Map.of("name", "disguised", "disk_format", "raw", "container_format", "bare"))
                    .get("id");
            assertEquals(202, api.importImage(id, Map.of("method", Map.of("name", "web-download", "uri", uri)))
                    .statusCode());
            Map<String, Object> task = api.awaitTask(id, Duration.ofSeconds(60));
            assertEquals("failure", task.get("status"));
            assertTrue(String.valueOf(task.get("message")).contains("qcow2"), String.valueOf(task.get("message")));
            api.awaitStatus(id, "queued", Duration.ofSeconds(10));
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
