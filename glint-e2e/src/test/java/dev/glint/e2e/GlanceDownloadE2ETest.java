package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * glance-download through a real Keystone, its catalog and real tokens: from RegionOne, the Glint
 * in keystone mode itself (as Tempest does; the remote reads need the caller's token there, so a
 * download that succeeds proves the token went along), and from RegionTwo, a second Glint
 * image-api (the suite's noauth one, sharing the suite's infrastructure). The remote image's
 * formats and glance_download_properties are copied, its data stored, the other properties not;
 * a missing remote image or an unknown region fails the task and leaves the image queued with its
 * own properties.
 */
class GlanceDownloadE2ETest {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    private static KeystoneSuite keystone;
    private static GlintSuite suite;

    @BeforeAll
    static void start() {
        keystone = KeystoneSuite.get();
        suite = GlintSuite.get();
    }

    /** member-a (project glint-a) with a fresh token: tokens here live only 40 s. */
    private static GlanceHttp asMember() {
        return new GlanceHttp(keystone.imageApi.url(), keystone.memberToken());
    }

    private static String activeSource(GlanceHttp glint, byte[] data) {
        String id = (String) glint.createImage(Map.of("name", "gd-source", "disk_format", "raw",
                "container_format", "bare")).get("id");
        HttpResponse<String> uploaded = glint.upload(id, data);
        assertTrue(uploaded.statusCode() == 204 || uploaded.statusCode() == 202, uploaded.body());
        glint.awaitStatus(id, "active", Duration.ofSeconds(60));
        glint.patch(id, List.of(add("hw_cpu_cores", "5"), add("trait:STORAGE_DISK_SSD", "required"),
                add("os_distro", "rhel"), add("speed", "88mph")));
        return id;
    }

    private static String target(GlanceHttp glint) {
        String id = (String) glint.createImage(Map.of("name", "gd-target", "disk_format", "iso",
                "container_format", "ovf")).get("id");
        glint.patch(id, List.of(add("hw_cpu_cores", "1"), add("os_distro", "windows")));
        return id;
    }

    /** How many import credentials the task left in the database: none once it has ended. */
    private static int credentialsLeft(Map<String, Object> task) {
        try (Connection db = DriverManager.getConnection(suite.infrastructure.jdbcUrl(), suite.infrastructure.dbUser(),
                suite.infrastructure.dbPassword());
                PreparedStatement query = db.prepareStatement("select count(*) from import_credentials where task_id = ?")) {
            query.setObject(1, UUID.fromString((String) task.get("id")));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> add(String name, String value) {
        return Map.of("op", "add", "path", "/" + name, "value", value);
    }

    private static Map<String, Object> glanceDownload(String region, String imageId) {
        return Map.of("method", Map.of("name", "glance-download", "glance_image_id", imageId, "glance_region", region,
                "glance_service_interface", "public"));
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /**
     * Imports {@code source} of {@code remote}'s {@code region} into a new image of member-a: the
     * task succeeds, the image takes the source's formats, chosen properties and data, and no
     * import credential is left.
     */
    private static void assertGlanceDownloads(GlanceHttp remote, String region, String source, byte[] data) {
        GlanceHttp glint = asMember();
        String target = target(glint);
        HttpResponse<String> started = glint.importImage(target, glanceDownload(region, source));
        assertEquals(202, started.statusCode(), started.body());
        Map<String, Object> task = glint.awaitTask(target, TASK_TIMEOUT);
        assertEquals("success", task.get("status"), task.toString());
        assertEquals(0, credentialsLeft(task));

        Map<String, Object> original = remote.image(source);
        Map<String, Object> image = glint.awaitStatus(target, "active", Duration.ofSeconds(10));
        assertEquals("raw", image.get("disk_format"));
        assertEquals("bare", image.get("container_format"));
        assertEquals("5", image.get("hw_cpu_cores"));
        assertEquals("required", image.get("trait:STORAGE_DISK_SSD"));
        assertEquals("rhel", image.get("os_distro"));
        assertFalse(image.containsKey("speed"), image.toString());
        assertEquals(original.get("checksum"), image.get("checksum"));
        assertEquals(original.get("os_hash_value"), image.get("os_hash_value"));
        assertEquals(data.length, ((Number) image.get("size")).intValue());
        assertArrayEquals(data, glint.download(target, null).body());
    }

    @Test
    void fromTheRegionItselfWithTheCallersToken() {
        GlanceHttp glint = asMember();
        byte[] data = data(3 * 1024 * 1024 + 17);
        assertGlanceDownloads(glint, "RegionOne", activeSource(glint, data), data);
    }

    @Test
    void fromASecondGlintInAnotherRegion() {
        // The second Glint runs without authentication: its images are its default project's.
        GlanceHttp remote = new GlanceHttp(suite.imageApi.url());
        byte[] data = data(1024 * 1024);
        assertGlanceDownloads(remote, "regiontwo", activeSource(remote, data), data);
    }

    /** Imports {@code body} into a new target, whose task must fail saying {@code why}; the target is as it was. */
    private static void assertFailsAndLeavesTheImage(Map<String, Object> body, String why) {
        GlanceHttp glint = asMember();
        String target = target(glint);
        assertEquals(202, glint.importImage(target, body).statusCode());
        Map<String, Object> task = glint.awaitTask(target, TASK_TIMEOUT);
        assertEquals("failure", task.get("status"), task.toString());
        assertTrue(String.valueOf(task.get("message")).contains(why), task.toString());
        assertEquals(0, credentialsLeft(task));
        Map<String, Object> image = glint.image(target);
        assertEquals("queued", image.get("status"));
        assertEquals("iso", image.get("disk_format"));
        assertEquals("ovf", image.get("container_format"));
        assertEquals("1", image.get("hw_cpu_cores"));
        assertEquals("windows", image.get("os_distro"));
    }

    @Test
    void aMissingRemoteImageFailsTheTaskAndTheImageIsQueuedAgain() {
        assertFailsAndLeavesTheImage(glanceDownload("RegionOne", UUID.randomUUID().toString()), "404");
    }

    @Test
    void anUnknownRegionOrInterfaceFailsTheTaskAndLeavesThePropertiesAlone() {
        assertFailsAndLeavesTheImage(Map.of("method", Map.of("name", "glance-download",
                "glance_image_id", "36d4b546-64a2-4bb9-bdd0-ba676aa48f2c", "glance_region", "not a region",
                "glance_service_interface", "not an interface")), "'not a region'");
    }

    @Test
    void anImageIdThatIsNotAUuidIsABadRequest() {
        GlanceHttp glint = asMember();
        String target = target(glint);
        HttpResponse<String> refused = glint.importImage(target, glanceDownload("RegionOne", "foo"));
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("image id does not look like a UUID"), refused.body());
        assertEquals("queued", glint.image(target).get("status"));
    }
}
