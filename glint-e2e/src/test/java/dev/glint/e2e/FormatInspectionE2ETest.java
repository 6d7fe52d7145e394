package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.format.testing.ImageCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format inspection through Debian's clients, as a user meets it: the {@code openstack} CLI
 * uploading a qcow2 that names a host file (refused with the reason) and a valid one
 * (active, with its virtual size); the {@code glance} CLI importing a VMDK descriptor by
 * web-download and a disguised qcow2 by glance-direct (the tasks fail with the reason, the images
 * go back to queued).
 */
class FormatInspectionE2ETest {

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());

    @TempDir
    Path dir;
    private ImageCorpus corpus;

    @BeforeEach
    void toolsAndClients() {
        DebianClients.require();
        ImageCorpus.requireTools();
        corpus = new ImageCorpus(dir);
    }

    private Command.Outcome openstack(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openstack", "--os-auth-type", "none",
                "--os-endpoint", suite.imageApi.url()));
        command.addAll(List.of(arguments));
        return Command.run(command, Map.of(), Duration.ofSeconds(120));
    }

    /**
     * The glance CLI, its standard input closed (glanceclient reads image data from any other
     * stdin) and a home of its own each time: glanceclient caches the server's image schema in
     * {@code ~/.glanceclient}, and 4.1.0 (Debian 12) then defines {@code --stores} twice for
     * image-create-via-import ("conflicting option string"), as it would against Glance, whose
     * schema has {@code stores} too; only its first run, without that cache, works.
     */
    private Command.Outcome glance(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" <&-", "glance",
                "--os-image-url", suite.imageApi.url(), "--os-auth-token", "unused-in-noauth"));
        command.addAll(List.of(arguments));
        Path home = Files.createTempDirectory(dir, "glance-home");
        return Command.run(command, Map.of("HOME", home.toString()), Duration.ofSeconds(120));
    }

    /** The images of that name, as the API lists them. */
    private List<Map<String, Object>> named(String name) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> images = (List<Map<String, Object>>) GlanceHttp.read(
                api.get("/v2/images?name=" + name).body()).get("images");
        return images;
    }

    private Map<String, Object> byName(String name) {
        Object found = GlanceHttp.read(Command.succeed(List.of("openstack", "--os-auth-type", "none", "--os-endpoint",
                suite.imageApi.url(), "image", "show", "-f", "json", name), Map.of(), Duration.ofSeconds(60))).get("id");
        return api.image(found);
    }

    @Test
    void theCliUploadOfAQcow2NamingAHostFileIsRefusedAndAValidOneIsActive() throws Exception {
        Path backed = corpus.createWithBacking("backed.qcow2", "qcow2", Path.of("/etc/hostname"), "raw");
        String name = "backed-" + UUID.randomUUID();
        Command.Outcome refused = openstack("image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                "--file", backed.toString(), name);
        assertNotEquals(0, refused.exitCode(), refused.output());
        String said = refused.output() + refused.errors();
        assertTrue(said.contains("backing file (/etc/hostname)"), said);
        // The image went back to queued; openstacksdk then deletes the image it created for the failed upload.
        assertTrue(named(name).stream().allMatch(image -> "queued".equals(image.get("status"))), named(name).toString());

        Path disguised = corpus.create("disguised.qcow2", "qcow2", "16M");
        String rawName = "disguised-" + UUID.randomUUID();
        Command.Outcome mismatch = openstack("image", "create", "--disk-format", "raw", "--container-format", "bare",
                "--file", disguised.toString(), rawName);
        assertNotEquals(0, mismatch.exitCode(), mismatch.output());
        assertTrue((mismatch.output() + mismatch.errors()).contains("disk_format is raw but its data is a qcow2 image"),
                mismatch.output() + mismatch.errors());
        assertTrue(named(rawName).stream().allMatch(image -> "queued".equals(image.get("status"))));

        Path valid = corpus.create("valid.qcow2", "qcow2", "64M");
        String validName = "valid-" + UUID.randomUUID();
        Command.Outcome created = openstack("image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                "--file", valid.toString(), "-f", "json", validName);
        assertEquals(0, created.exitCode(), created.output() + created.errors());
        Object id = GlanceHttp.read(created.output()).get("id");
        Map<String, Object> active = api.awaitStatus(id, "active", Duration.ofSeconds(60));
        assertEquals(64L * 1024 * 1024, ((Number) active.get("virtual_size")).longValue());
        assertEquals(Files.size(valid), ((Number) active.get("size")).longValue());
    }

    @Test
    void theGlanceCliImportsOfAttacksFailWithTheReasonAndTheImagesGoBackToQueued() throws Exception {
        Path flat = corpus.create("flat.vmdk", "vmdk", "16M", "subformat=monolithicFlat");
        try (SourceServer sources = new SourceServer()) {
            String uri = sources.serve("/flat.vmdk", Files.readAllBytes(flat));
            String name = "flat-" + UUID.randomUUID();
            Command.Outcome imported = glance("image-create-via-import", "--name", name, "--disk-format", "vmdk",
                    "--container-format", "bare", "--import-method", "web-download", "--uri", uri);
            assertEquals(0, imported.exitCode(), imported.output() + imported.errors());
            Object id = byName(name).get("id");
            Map<String, Object> task = api.awaitTask(id, Duration.ofSeconds(90));
            assertEquals("failure", task.get("status"), task.toString());
            assertTrue(String.valueOf(task.get("message")).contains("create type monolithicFlat"), task.toString());
            api.awaitStatus(id, "queued", Duration.ofSeconds(30));
        }

        // The data file is made in the test's directory: qemu-img creates the file it names.
        Path hostFile = dir.resolve("host-file");
        Path withDataFile = corpus.create("data-file.qcow2", "qcow2", "16M", "data_file=" + hostFile);
        String name = "direct-" + UUID.randomUUID();
        Command.Outcome staged = glance("image-create-via-import", "--name", name, "--disk-format", "qcow2",
                "--container-format", "bare", "--import-method", "glance-direct", "--file", withDataFile.toString());
        assertEquals(0, staged.exitCode(), staged.output() + staged.errors());
        Object id = byName(name).get("id");
        Map<String, Object> task = api.awaitTask(id, Duration.ofSeconds(90));
        assertEquals("failure", task.get("status"), task.toString());
        assertTrue(String.valueOf(task.get("message")).contains("external data file (" + hostFile + ")"),
                task.toString());
        Map<String, Object> image = api.awaitStatus(id, "queued", Duration.ofSeconds(30));
        assertNull(image.get("size"));
    }
}
