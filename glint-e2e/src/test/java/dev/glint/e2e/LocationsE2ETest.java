package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image locations over the whole suite: glanceclient's location calls against an http location,
 * and the v2.17 {@code POST /v2/images/{id}/locations}, whose location_import task an
 * import-worker runs to hash the data (do_secure_hash), activating the image only when the data
 * matches the validation data given.
 */
class LocationsE2ETest {

    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @TempDir
    Path dir;

    @Test
    void glanceclientManagesHttpLocations() throws IOException {
        DebianClients.require();
        try (SourceServer sources = new SourceServer()) {
            byte[] data = Digests.randomBytes(2 * 1024 * 1024 + 5, 7);
            String first = sources.serve("/locations/first.raw", data);
            String second = sources.serve("/locations/second.raw", data);
            Path script = dir.resolve("locations_flows.py");
            try (InputStream in = LocationsE2ETest.class.getResourceAsStream("/clients/locations_flows.py")) {
                Files.copy(in, script);
            }
            String output = Command.succeed(List.of(PYTHON, script.toString(), suite.imageApi.url(), first, second,
                    Digests.hex("MD5", data)), Map.of(), Duration.ofSeconds(180));
            assertTrue(output.contains("locations ok"), output);
        }
    }

    @Test
    void addedLocationsAreHashedByALocationImportTask() {
        try (SourceServer sources = new SourceServer()) {
            byte[] data = Digests.randomBytes(3 * 1024 * 1024 + 1, 8);
            String url = sources.serve("/locations/hashed.raw", data);

            // Without validation data: active at once, the hashes follow from the task.
            Object plain = newImage();
            assertEquals(202, api.post("/v2/images/" + plain + "/locations", Map.of("url", url)).statusCode());
            assertEquals("active", api.image(plain).get("status"));
            assertEquals("success", api.awaitTask(plain, WAIT).get("status"));
            Map<String, Object> hashed = api.image(plain);
            assertEquals(Digests.hex("MD5", data), hashed.get("checksum"));
            assertEquals(Digests.hex("SHA-512", data), hashed.get("os_hash_value"));
            assertTrue(!hashed.containsKey("os_glance_import_task"), hashed.toString());
            assertArrayEquals(data, api.download(plain, null).body());

            // With matching validation data: importing until the task checked it, then active.
            Object verified = newImage();
            assertEquals(202, api.post("/v2/images/" + verified + "/locations", Map.of("url", url, "validation_data",
                    Map.of("os_hash_algo", "sha256", "os_hash_value", Digests.hex("SHA-256", data)))).statusCode());
            assertEquals("success", api.awaitTask(verified, WAIT).get("status"));
            Map<String, Object> active = api.awaitStatus(verified, "active", WAIT);
            assertEquals("sha256", active.get("os_hash_algo"));
            assertEquals(Digests.hex("MD5", data), active.get("checksum"));
            assertEquals(List.of(url), ((List<?>) active.get("locations")).stream()
                    .map(location -> ((Map<?, ?>) location).get("url")).toList());

            // With data that does not match: the task fails and the image is queued again, without the location.
            Object mismatch = newImage();
            assertEquals(202, api.post("/v2/images/" + mismatch + "/locations", Map.of("url", url, "validation_data",
                    Map.of("os_hash_algo", "sha512", "os_hash_value", "ab".repeat(64)))).statusCode());
            Map<String, Object> failed = api.awaitTask(mismatch, WAIT);
            assertEquals("failure", failed.get("status"));
            assertTrue(String.valueOf(failed.get("message")).contains("not matched"), failed.toString());
            Map<String, Object> queued = api.awaitStatus(mismatch, "queued", WAIT);
            assertNull(queued.get("os_hash_value"));
            assertEquals(List.of(), queued.get("locations"));
            assertEquals(200, api.get("/v2/images/" + mismatch + "/locations").statusCode());
        }
    }

    private Object newImage() {
        return api.createImage(Map.of("name", "location-import", "disk_format", "raw", "container_format", "bare"))
                .get("id");
    }
}
