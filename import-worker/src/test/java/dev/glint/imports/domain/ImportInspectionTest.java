package dev.glint.imports.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImportWork;
import dev.glint.domain.TaskStatus;
import dev.glint.format.testing.ImageCorpus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.OutboxWriter;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.Stores;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import-worker on the real infrastructure, handed imports through Kafka as the task-executor
 * hands them out: what every method stores is inspected on its way to the store. Valid images
 * become active with their virtual size; an attack fails the import with the refusal as its
 * message, the image goes back to queued (copy-image: stays active), and no copy is left.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(ImportInspectionProfile.class)
class ImportInspectionTest {

    @TempDir
    static Path dir;
    private static ImageCorpus corpus;
    private static Path qcow2;
    private static Path backed;
    private static HttpServer server;

    @Inject
    Transactions tx;
    @Inject
    OutboxWriter outbox;
    @Inject
    Stores stores;
    @Inject
    ObjectMapper json;

    @BeforeAll
    static void start() throws IOException {
        ImageCorpus.requireTools();
        corpus = new ImageCorpus(dir);
        qcow2 = corpus.create("disk.qcow2", "qcow2", "64M");
        backed = corpus.createWithBacking("backed.qcow2", "qcow2", Path.of("/etc/hostname"), "raw");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1));
            try (exchange) {
                if (!Files.exists(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                Files.copy(file, exchange.getResponseBody());
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(Path file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + dir.relativize(file);
    }

    // Fixtures: an image under an import's lock, its processing task, and the hand-out.

    private ImageRecord image(ImageStatus status, String diskFormat, UUID taskId, String targets) {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.name = "inspected-import";
        image.status = status;
        image.visibility = "private";
        image.owner = "test";
        image.diskFormat = diskFormat;
        image.containerFormat = "bare";
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        image.properties.put(ImageImports.LOCK, taskId.toString());
        image.properties.put(ImageImports.IMPORTING_TO, targets);
        return image;
    }

    private TaskRecord task(String type, Map<String, Object> input) {
        TaskRecord task = TaskRecord.pending(type, "test", null, input, null, null);
        task.status = TaskStatus.PROCESSING;
        task.attempt = 1;
        task.heartbeatAt = Instant.now();
        return task;
    }

    private static Map<String, Object> importRequest(String method, String uri, String store) {
        Map<String, Object> name = new LinkedHashMap<>(Map.of("name", method));
        if (uri != null) {
            name.put("uri", uri);
        }
        return Map.of("backend", List.of(store), "import_req", Map.of("method", name));
    }

    /** Records the image and task and hands the import out, as the task-executor does. */
    private UUID handOut(ImageRecord image, TaskRecord task, ImageLocationRecord... locations) {
        task.imageId = image.id;
        tx.awaitTransaction(session -> session.persist(image)
                .chain(() -> session.persist(task))
                .chain(() -> session.persistAll((Object[]) locations))
                .chain(() -> outbox.importWork(session, ImportWork.requested(task.id, image.id, 1))));
        return task.id;
    }

    private UUID stagedImport(Path data, String diskFormat) throws IOException {
        UUID taskId = UUID.randomUUID();
        ImageRecord image = image(ImageStatus.IMPORTING, diskFormat, taskId, "default");
        Stores.Store staging = stores.defaultStore();
        try (InputStream in = Files.newInputStream(data)) {
            staging.objects().put(staging.bucket(), ObjectKeys.staged(image.id), in, Files.size(data),
                    dev.glint.storage.PartObserver.NONE);
        }
        TaskRecord task = task(TaskRecord.TYPE_API_IMAGE_IMPORT, importRequest("glance-direct", null, "default"));
        task.id = taskId;
        return handOut(image, task);
    }

    private UUID webDownload(Path data, String diskFormat) {
        UUID taskId = UUID.randomUUID();
        TaskRecord task = task(TaskRecord.TYPE_API_IMAGE_IMPORT, importRequest("web-download", url(data), "default"));
        task.id = taskId;
        return handOut(image(ImageStatus.IMPORTING, diskFormat, taskId, "default"), task);
    }

    private UUID legacyTask(Path data, String diskFormat) {
        UUID taskId = UUID.randomUUID();
        TaskRecord task = task(TaskRecord.TYPE_IMPORT, Map.of("import_from", url(data), "import_from_format", diskFormat,
                "backend", List.of("default")));
        task.id = taskId;
        return handOut(image(ImageStatus.IMPORTING, diskFormat, taskId, "default"), task);
    }

    /** An active image whose one copy holds {@code data} (stored before inspection existed), copied to "second". */
    private UUID copyImage(Path data, String diskFormat) throws IOException {
        UUID taskId = UUID.randomUUID();
        ImageRecord image = image(ImageStatus.ACTIVE, diskFormat, taskId, "second");
        image.size = Files.size(data);
        Stores.Store store = stores.defaultStore();
        String key = ObjectKeys.imageData(image.id, UUID.randomUUID());
        try (InputStream in = Files.newInputStream(data)) {
            store.objects().put(store.bucket(), key, in, Files.size(data), dev.glint.storage.PartObserver.NONE);
        }
        ImageLocationRecord location = ImageLocationRecord.pending(image.id, "default", store.bucket(), key, image.size);
        location.status = LocationStatus.ACTIVE;
        TaskRecord task = task(TaskRecord.TYPE_API_IMAGE_IMPORT, importRequest("copy-image", null, "second"));
        task.id = taskId;
        return handOut(image, task, location);
    }

    // What came of it.

    /** The worker's outcome for the task: {@code succeeded} and {@code message}. */
    private JsonNode outcome(UUID taskId) {
        return await("the import of task " + taskId + " ends", () -> {
            List<String> payloads = tx.awaitRead(session -> session.createNativeQuery(
                            "select payload from outbox where topic = 'glint.internal.import-work' and message_key = ?1"
                                    + " and event_type = 'import.finished'", String.class)
                    .setParameter(1, taskId.toString()).getResultList());
            if (payloads.isEmpty()) {
                return null;
            }
            try {
                return json.readTree(payloads.get(0));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private ImageRecord imageOf(UUID taskId) {
        return tx.awaitRead(session -> session.find(TaskRecord.class, taskId)
                .flatMap(task -> session.find(ImageRecord.class, task.imageId)));
    }

    private List<String> objects(String storeId, UUID imageId) {
        Stores.Store store = stores.find(storeId).orElseThrow();
        try (var listed = store.objects().list(store.bucket(), "images/" + imageId + "/")) {
            return listed.map(object -> object.key()).toList();
        }
    }

    private void refused(UUID taskId, String... words) {
        JsonNode outcome = outcome(taskId);
        assertFalse(outcome.path("succeeded").asBoolean(), outcome.toString());
        String message = outcome.path("message").asText();
        for (String word : words) {
            assertTrue(message.contains(word), message);
        }
        ImageRecord image = imageOf(taskId);
        assertEquals(ImageStatus.QUEUED, image.status, "the image is given back");
        assertNull(image.size);
        assertNull(image.virtualSize);
        assertFalse(image.properties.containsKey(ImageImports.LOCK));
        assertEquals(List.of(), objects("default", image.id), "no copy is left");
        assertTrue(stores.defaultStore().objects().stat(stores.defaultStore().bucket(), ObjectKeys.staged(image.id))
                .isEmpty(), "no staged data is left");
    }

    private void activated(UUID taskId, long virtualSize) {
        JsonNode outcome = outcome(taskId);
        assertTrue(outcome.path("succeeded").asBoolean(), outcome.toString());
        ImageRecord image = imageOf(taskId);
        assertEquals(ImageStatus.ACTIVE, image.status);
        assertEquals(virtualSize, image.virtualSize);
    }

    private static <T> T await(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // Every way data comes into an import.

    @Test
    void glanceDirectStoresValidImagesAndRefusesAttacks() throws IOException {
        activated(stagedImport(qcow2, "qcow2"), 64L << 20);
        Path vmdk = corpus.create("staged.vmdk", "vmdk", "32M");
        activated(stagedImport(vmdk, "vmdk"), 32L << 20);
        refused(stagedImport(backed, "qcow2"), "backing file (/etc/hostname)");
        refused(stagedImport(qcow2, "raw"), "disk_format is raw but its data is a qcow2 image");
        refused(stagedImport(corpus.raw("staged.raw", 1 << 20, 4096, 1), "qcow2"), "not a qcow2 image");
        refused(stagedImport(corpus.create("flat.vmdk", "vmdk", "16M", "subformat=monolithicFlat"), "vmdk"),
                "create type monolithicFlat");
        refused(stagedImport(corpus.truncated(qcow2, "cut.qcow2", 131072), "qcow2"), "past the end of the data");
    }

    @Test
    void webDownloadStoresValidImagesAndRefusesAttacks() throws IOException {
        Path vhd = corpus.create("download.vhd", "vpc", "16M");
        activated(webDownload(vhd, "vhd"), ImageCorpus.qemuVirtualSize(vhd, "vpc"));
        Path raw = corpus.raw("download.raw", 3 << 20, 4096, 2);
        activated(webDownload(raw, "raw"), 3L << 20);
        // The data file is made in the test's directory: qemu-img creates the file it names.
        Path dataFile = corpus.dir().resolve("download-host-file");
        refused(webDownload(corpus.create("data-file.qcow2", "qcow2", "64M", "data_file=" + dataFile), "qcow2"),
                "external data file (" + dataFile + ")");
        Path iso = corpus.genisoimage("download.iso");
        refused(webDownload(corpus.patched(iso, "polyglot.iso", 0, ImageCorpus.read(qcow2, 0, 32768)), "iso"),
                "both a qcow2 image and an ISO 9660 image");
        refused(webDownload(raw, "vmdk"), "disk_format is vmdk");
    }

    @Test
    void theLegacyImportTaskIsInspectedToo() throws IOException {
        activated(legacyTask(qcow2, "qcow2"), 64L << 20);
        refused(legacyTask(backed, "qcow2"), "backing file");
        Path vmdk = corpus.create("legacy.vmdk", "vmdk", "16M");
        refused(legacyTask(corpus.withVmdkDescriptor(vmdk, "legacy-host.vmdk",
                ImageCorpus.vmdkDescriptor(vmdk).replace("\"legacy.vmdk\"", "\"/etc/shadow\"")), "vmdk"), "/etc/shadow");
    }

    /** An attack: data, the disk_format it claims, and words the refusal must name. */
    private record Attack(Path data, String diskFormat, String... words) {
    }

    private static List<Attack> attacks() throws IOException {
        Path vmdk = corpus.create("attack.vmdk", "vmdk", "16M");
        Path iso = corpus.genisoimage("attack.iso");
        return List.of(
                new Attack(backed, "qcow2", "backing file (/etc/hostname)"),
                new Attack(backed, "raw", "backing file"),
                new Attack(corpus.create("attack-data.qcow2", "qcow2", "16M",
                        "data_file=" + corpus.dir().resolve("attack-host-file")), "qcow2",
                        "external data file"),
                new Attack(corpus.patched(qcow2, "attack-features.qcow2", 72, ImageCorpus.be64(1L << 12)), "qcow2",
                        "incompatible features"),
                new Attack(corpus.create("attack-flat.vmdk", "vmdk", "16M", "subformat=monolithicFlat"), "vmdk",
                        "create type monolithicFlat"),
                new Attack(corpus.withVmdkDescriptor(vmdk, "attack-host.vmdk",
                        ImageCorpus.vmdkDescriptor(vmdk).replace("\"attack.vmdk\"", "\"/etc/shadow\"")), "vmdk",
                        "/etc/shadow"),
                new Attack(corpus.createWithBacking("attack-child.vmdk", "vmdk", vmdk, "vmdk"), "vmdk", "parent disk"),
                new Attack(corpus.patched(iso, "attack-polyglot.iso", 0, ImageCorpus.read(qcow2, 0, 32768)), "iso",
                        "both a qcow2 image and an ISO 9660 image"),
                new Attack(corpus.truncated(qcow2, "attack-cut.qcow2", 90), "qcow2", "truncated"),
                new Attack(corpus.truncated(qcow2, "attack-tables.qcow2", 131072), "qcow2", "past the end of the data"),
                new Attack(corpus.create("attack-huge.qcow2", "qcow2", "2G"), "qcow2", "virtual-size-cap"),
                new Attack(corpus.patched(corpus.mbrDisk("attack-mbr.raw", 4096), "attack-boot.raw", 446, (byte) 0x42),
                        "raw", "boot indicator"),
                new Attack(qcow2, "raw", "disk_format is raw but its data is a qcow2 image"),
                new Attack(corpus.raw("attack-random.raw", 1 << 20, 1 << 20, 7), "qcow2", "disk_format is qcow2"));
    }

    @Test
    void everyAttackIsRefusedOnEveryImportPath() throws IOException {
        List<Attack> attacks = attacks();
        // All handed out at once: the worker runs them side by side.
        Map<UUID, Attack> imports = new LinkedHashMap<>();
        for (Attack attack : attacks) {
            imports.put(stagedImport(attack.data(), attack.diskFormat()), attack);
            imports.put(webDownload(attack.data(), attack.diskFormat()), attack);
            imports.put(legacyTask(attack.data(), attack.diskFormat()), attack);
        }
        Map<UUID, Attack> copies = new LinkedHashMap<>();
        for (Attack attack : attacks) {
            copies.put(copyImage(attack.data(), attack.diskFormat()), attack);
        }
        imports.forEach((taskId, attack) -> refused(taskId, attack.words()));
        copies.forEach((taskId, attack) -> {
            JsonNode outcome = outcome(taskId);
            assertFalse(outcome.path("succeeded").asBoolean(), outcome.toString());
            for (String word : attack.words()) {
                assertTrue(outcome.path("message").asText().contains(word), outcome.toString());
            }
            ImageRecord image = imageOf(taskId);
            assertEquals(ImageStatus.ACTIVE, image.status, "copy-image leaves the image as it was");
            assertEquals(List.of(), objects("second", image.id), "no copy is left in the target store");
        });
    }

    @Test
    void copyImageRefusesToSpreadDataThatFailsInspection() throws IOException {
        UUID good = copyImage(qcow2, "qcow2");
        JsonNode copied = outcome(good);
        assertTrue(copied.path("succeeded").asBoolean(), copied.toString());
        assertEquals(1, objects("second", imageOf(good).id).size());

        // An image stored before its data was inspected: its copy into another store is refused.
        UUID bad = copyImage(backed, "qcow2");
        JsonNode outcome = outcome(bad);
        assertFalse(outcome.path("succeeded").asBoolean());
        assertTrue(outcome.path("message").asText().contains("backing file"), outcome.toString());
        ImageRecord image = imageOf(bad);
        assertEquals(ImageStatus.ACTIVE, image.status, "copy-image leaves the image as it was");
        assertFalse(image.properties.containsKey(ImageImports.LOCK));
        assertEquals(List.of(), objects("second", image.id), "no copy is left in the target store");
        assertEquals(1, objects("default", image.id).size(), "the existing copy is untouched");
    }
}
