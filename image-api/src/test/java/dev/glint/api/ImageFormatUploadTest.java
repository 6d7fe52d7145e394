package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.format.testing.ImageCorpus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.storage.Stores;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /file} inspects the data as it streams into the store: valid images of every format
 * get their virtual size, and every attack is refused with 415 and a message naming the reason,
 * the image back in queued with nothing of its data left in the store.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(FormatInspectionProfile.class)
class ImageFormatUploadTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    private static ImageCorpus corpus;
    private static Path qcow2;

    @Inject
    Stores stores;
    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void corpus() {
        JsonErrors.askForJson();
        ImageCorpus.requireTools();
        corpus = new ImageCorpus(dir);
        qcow2 = corpus.create("disk.qcow2", "qcow2", "64M");
    }

    private static String create(String diskFormat, String containerFormat) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "format-" + diskFormat, "disk_format", diskFormat, "container_format", containerFormat))
                .when().post("/v2/images").then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.ValidatableResponse upload(String id, Path file) throws IOException {
        return given().contentType("application/octet-stream").body(Files.readAllBytes(file))
                .when().put("/v2/images/" + id + "/file").then();
    }

    private void refusedAndGivenBack(String id, Path file, String... words) throws IOException {
        var response = upload(id, file).statusCode(415);
        for (String word : words) {
            response.body("message", containsString(word));
        }
        given().when().get("/v2/images/" + id).then().statusCode(200)
                .body("status", equalTo("queued"))
                .body("size", nullValue())
                .body("virtual_size", nullValue())
                .body("checksum", nullValue());
        assertEquals(List.of(), storedObjects(id), "nothing of the refused data is left in the store");
    }

    private List<String> storedObjects(String id) {
        Stores.Store store = stores.defaultStore();
        try (var listed = store.objects().list(store.bucket(), "images/" + id + "/")) {
            return listed.map(object -> object.key()).toList();
        }
    }

    @Test
    void everyFormatIsAcceptedWithItsVirtualSize() throws IOException {
        Path raw = corpus.raw("data.raw", 3 * MIB, 65536, 1);
        Map<Path, String> images = new LinkedHashMap<>();
        images.put(qcow2, "qcow2");
        images.put(corpus.create("disk.vmdk", "vmdk", "64M"), "vmdk");
        images.put(corpus.create("disk.vhd", "vpc", "64M"), "vhd");
        images.put(corpus.create("disk.vhdx", "vhdx", "64M"), "vhdx");
        images.put(corpus.create("disk.vdi", "vdi", "64M"), "vdi");
        images.put(corpus.genisoimage("disc.iso"), "iso");
        images.put(raw, "raw");
        images.put(corpus.gptDisk("gpt.raw", 4096), "raw");
        for (Map.Entry<Path, String> image : images.entrySet()) {
            String id = create(image.getValue(), "bare");
            upload(id, image.getKey()).statusCode(204);
            String driver = image.getValue().equals("vhd") ? "vpc" : image.getValue();
            long virtualSize = driver.equals("iso") ? 358400 : ImageCorpus.qemuVirtualSize(image.getKey(), driver);
            given().when().get("/v2/images/" + id).then()
                    .body("status", equalTo("saving"))
                    .body("size", equalTo((int) Files.size(image.getKey())))
                    .body("virtual_size", equalTo(virtualSize > Integer.MAX_VALUE ? (Object) virtualSize : (int) virtualSize));
        }
    }

    @Test
    void attacksAreRefusedWith415AndTheImageIsGivenBack() throws IOException {
        Path child = corpus.createWithBacking("child.qcow2", "qcow2", Path.of("/etc/hostname"), "raw");
        refusedAndGivenBack(create("qcow2", "bare"), child, "backing file (/etc/hostname)");
        refusedAndGivenBack(create("raw", "bare"), child, "backing file");
        // The data file is made in the test's directory: qemu-img creates the file it names.
        Path dataFile = corpus.dir().resolve("host-file");
        refusedAndGivenBack(create("qcow2", "bare"), corpus.create("data-file.qcow2", "qcow2", "64M", "data_file=" + dataFile),
                "external data file (" + dataFile + ")");
        refusedAndGivenBack(create("qcow2", "bare"),
                corpus.patched(qcow2, "unknown.qcow2", 72, ImageCorpus.be64(1L << 20)), "incompatible features");
        refusedAndGivenBack(create("vmdk", "bare"), corpus.create("flat.vmdk", "vmdk", "64M", "subformat=monolithicFlat"),
                "create type monolithicFlat");
        Path vmdk = corpus.create("sparse.vmdk", "vmdk", "64M");
        refusedAndGivenBack(create("vmdk", "bare"), corpus.withVmdkDescriptor(vmdk, "host.vmdk",
                ImageCorpus.vmdkDescriptor(vmdk).replace("\"sparse.vmdk\"", "\"/etc/shadow\"")), "/etc/shadow");
        refusedAndGivenBack(create("iso", "bare"),
                corpus.patched(corpus.genisoimage("poly.iso"), "polyglot.iso", 0, ImageCorpus.read(qcow2, 0, 32768)),
                "both a qcow2 image and an ISO 9660 image");
        refusedAndGivenBack(create("raw", "bare"),
                corpus.patched(corpus.mbrDisk("mbr.raw", 4096), "bad-mbr.raw", 446, (byte) 0x42), "boot indicator");
        refusedAndGivenBack(create("qcow2", "bare"), corpus.create("huge.qcow2", "qcow2", "2G"),
                "glint.image-format.virtual-size-cap");
        refusedAndGivenBack(create("qcow2", "bare"), corpus.truncated(qcow2, "cut.qcow2", 90), "truncated");
        refusedAndGivenBack(create("qcow2", "bare"), corpus.truncated(qcow2, "cut-tables.qcow2", 131072),
                "past the end of the data");
    }

    @Test
    void mismatchesAreRefusedBothWays() throws IOException {
        Path raw = corpus.raw("mismatch.raw", MIB, 4096, 2);
        refusedAndGivenBack(create("raw", "bare"), qcow2, "disk_format is raw but its data is a qcow2 image");
        refusedAndGivenBack(create("qcow2", "bare"), raw, "disk_format is qcow2 but its data is");
        refusedAndGivenBack(create("raw", "bare"), corpus.create("other.vmdk", "vmdk", "16M"), "a VMDK image");
        refusedAndGivenBack(create("iso", "bare"), raw, "disk_format is iso");
        // Random bytes are raw data.
        String random = create("raw", "bare");
        upload(random, raw).statusCode(204);
        given().when().get("/v2/images/" + random).then().body("virtual_size", equalTo((int) MIB));
    }

    @Test
    void aRefusedImageCanBeUploadedAgainWithValidData() throws IOException {
        String id = create("qcow2", "bare");
        refusedAndGivenBack(id, corpus.createWithBacking("retry.qcow2", "qcow2", Path.of("/etc/hostname"), "raw"),
                "backing file");
        upload(id, qcow2).statusCode(204);
        given().when().get("/v2/images/" + id).then().body("status", equalTo("saving"))
                .body("virtual_size", equalTo(64 * 1024 * 1024));
    }

    @Test
    void aContainerNeedsNoMatchButIsStillChecked() throws IOException {
        String ova = create("raw", "ova");
        upload(ova, qcow2).statusCode(204);
        given().when().get("/v2/images/" + ova).then().body("virtual_size", nullValue());
        refusedAndGivenBack(create("qcow2", "ovf"),
                corpus.createWithBacking("contained.qcow2", "qcow2", Path.of("/etc/hostname"), "raw"), "backing file");
    }

    @Test
    void aLargeMismatchedStreamIsRefusedWithoutWaitingForItsEnd() throws IOException, InterruptedException {
        Path big = corpus.convert(corpus.raw("big.raw", 24 * MIB, (int) (24 * MIB), 3), "big.qcow2", "qcow2");
        String id = create("raw", "bare");
        // No Content-Length: the store receives it as a multipart upload, which the refusal aborts.
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v2/images/" + id + "/file"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return Files.newInputStream(big);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode(), response.body());
        assertTrue(response.body().contains("a qcow2 image"), response.body());
        given().when().get("/v2/images/" + id).then().body("status", equalTo("queued"));
        assertEquals(List.of(), storedObjects(id));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("glint_format_refusals_total{path=\"upload\",reason=\"format_mismatch\"}"),
                "refusals are counted by reason");
    }

}
