package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code openstack} CLI (python3-openstackclient, installed by .ci/run) against the suite,
 * as a Glance user would drive it.
 */
class OpenstackClientE2ETest {

    private final GlintSuite suite = GlintSuite.get();

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void clientsInstalled() {
        DebianClients.require();
    }

    @Test
    void createShowSaveListDelete() throws Exception {
        byte[] data = Digests.randomBytes(24 * 1024 * 1024, 11);
        Path file = dir.resolve("cirros.img");
        Files.write(file, data);
        String name = "cirros-" + UUID.randomUUID();

        Map<String, Object> created = GlanceHttp.read(openstack("image", "create", "--disk-format", "raw",
                "--container-format", "bare", "--file", file.toString(), "-f", "json", name));
        String id = (String) created.get("id");

        Map<String, Object> shown = awaitActive(id);
        assertEquals((long) data.length, ((Number) shown.get("size")).longValue());
        assertEquals(Digests.hex("MD5", data), shown.get("checksum"));
        assertEquals(Digests.hex("SHA-512", data), new GlanceHttp(suite.imageApi.url()).image(id).get("os_hash_value"));

        Path saved = dir.resolve("saved.img");
        openstack("image", "save", "--file", saved.toString(), id);
        assertArrayEquals(data, Files.readAllBytes(saved));

        assertTrue(openstack("image", "list", "-f", "value", "-c", "ID").contains(id));
        openstack("image", "delete", id);
        assertTrue(!openstack("image", "list", "-f", "value", "-c", "ID").contains(id));
    }

    @Test
    void listLongSetUnsetDeactivate() throws Exception {
        Path file = dir.resolve("small.img");
        Files.write(file, Digests.randomBytes(64 * 1024, 5));
        String name = "cli-" + UUID.randomUUID();
        Map<String, Object> created = GlanceHttp.read(openstack("image", "create", "--disk-format", "ami",
                "--container-format", "bare", "--shared", "--property", "os_distro=debian", "--tag", "one",
                "--file", file.toString(), "-f", "json", name));
        String id = (String) created.get("id");
        awaitActive(id);

        String long_ = openstack("image", "list", "--long", "-f", "json", "--name", name);
        assertTrue(long_.contains(id) && long_.contains("ami") && long_.contains("Checksum"), long_);

        openstack("image", "set", "--name", name + "-x", "--property", "hw_disk_bus=scsi", "--tag", "two",
                "--min-ram", "256", id);
        Map<String, Object> shown = GlanceHttp.read(openstack("image", "show", "-f", "json", id));
        assertEquals(name + "-x", shown.get("name"));
        assertEquals(256, ((Number) shown.get("min_ram")).intValue());
        assertTrue(shown.toString().contains("hw_disk_bus") && shown.toString().contains("two"), shown.toString());
        openstack("image", "unset", "--property", "hw_disk_bus", "--tag", "one", id);
        shown = GlanceHttp.read(openstack("image", "show", "-f", "json", id));
        assertTrue(!shown.toString().contains("hw_disk_bus") && !String.valueOf(shown.get("tags")).contains("one"),
                shown.toString());

        // Members are driven through glanceclient and openstacksdk (PythonClientsE2ETest): the CLI looks
        // project names up in Keystone, which a noauth deployment does not have.
        openstack("image", "set", "--deactivate", id);
        assertEquals("deactivated", GlanceHttp.read(openstack("image", "show", "-f", "json", id)).get("status"));
        openstack("image", "set", "--activate", id);
        assertEquals("active", GlanceHttp.read(openstack("image", "show", "-f", "json", id)).get("status"));
        openstack("image", "delete", id);
    }

    @Test
    void createWithImportStagesAndImportsGlanceDirect() throws Exception {
        byte[] data = Digests.randomBytes(6 * 1024 * 1024, 12);
        Path file = dir.resolve("imported.img");
        Files.write(file, data);
        String name = "imported-" + UUID.randomUUID();

        Map<String, Object> created = GlanceHttp.read(openstack("image", "create", "--import", "--disk-format", "raw",
                "--container-format", "bare", "--file", file.toString(), "-f", "json", name));
        String id = (String) created.get("id");

        Map<String, Object> shown = awaitActive(id);
        assertEquals((long) data.length, ((Number) shown.get("size")).longValue());
        assertEquals(Digests.hex("MD5", data), shown.get("checksum"));
        Map<String, Object> task = new GlanceHttp(suite.imageApi.url()).tasksOf(id).get(0);
        assertEquals("success", task.get("status"));
        assertEquals("glance-direct", ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) task.get("input")).get("import_req"))
                .get("method")).get("name"));
        openstack("image", "delete", id);
    }

    private Map<String, Object> awaitActive(String id) throws Exception {
        Map<String, Object> shown = Map.of();
        for (int attempt = 0; attempt < 60; attempt++) {
            shown = GlanceHttp.read(openstack("image", "show", "-f", "json", id));
            if ("active".equals(shown.get("status"))) {
                return shown;
            }
            ServiceProcess.sleep(500);
        }
        throw new AssertionError("image " + id + " never became active: " + shown);
    }

    private String openstack(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openstack", "--os-auth-type", "none",
                "--os-endpoint", suite.imageApi.url()));
        command.addAll(List.of(arguments));
        return Command.succeed(command, Map.of(), Duration.ofSeconds(120));
    }
}
