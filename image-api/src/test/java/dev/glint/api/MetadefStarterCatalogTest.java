package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Glint's starter catalog (the repository's {@code metadefs/}) loads through the API with
 * {@code ./glint metadefs load}, every file valid against the namespace schema; loading again
 * leaves what exists alone, {@code --replace} puts it back as the files say.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MetadefStarterCatalogTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    @TestHTTPResource("/")
    URL api;

    private final Persona admin = Persona.admin("admin-" + Persona.newProject());

    private record Run(int exit, String output) {
    }

    private Run load(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", REPOSITORY.resolve("glint").toString(),
                "metadefs", "load"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GLINT_API_URL", api.toString().replaceAll("/$", ""));
        builder.environment().put("GLINT_API_HEADERS", "X-Identity-Status: Confirmed;X-Project-Id: " + admin.project()
                + ";X-User-Id: " + admin.user() + ";X-Roles: admin,member,reader");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the loader did not finish");
        return new Run(process.exitValue(), output);
    }

    private static long starterFiles() throws IOException {
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("metadefs"))) {
            return files.filter(file -> file.toString().endsWith(".json")).count();
        }
    }

    @Test
    void theStarterCatalogLoadsAndReloads() throws Exception {
        Run first = load("--replace");
        assertEquals(0, first.exit(), first.output());
        long files = starterFiles();
        assertTrue(first.output().contains(files + " created, 0 left alone, 0 failed"), first.output());

        Persona reader = Persona.reader(Persona.newProject());
        reader.call().when().get(TestNamespaces.path("OS::Glance::Image")).then().statusCode(200)
                .body("protected", equalTo(true))
                .body("visibility", equalTo("public"))
                .body("properties", hasKey("os_distro"))
                .body("resource_type_associations.name", hasItem("OS::Cinder::Volume"));
        reader.call().queryParam("resource_type", "OS::Nova::Flavor").when()
                .get(TestNamespaces.path("OS::Compute::CPU")).then().statusCode(200)
                .body("properties", hasKey("hw:cpu_policy"));
        reader.call().queryParam("resource_type", "OS::Glance::Image").when()
                .get(TestNamespaces.path("OS::Compute::Libvirt", "properties", "hw_disk_bus")).then().statusCode(200)
                .body("enum", hasItem("virtio"));
        reader.call().when().get(TestNamespaces.path("OS::Compute::Quota", "objects")).then().statusCode(200)
                .body("objects.name", equalTo(List.of("CPU limits", "Disk limits")));
        reader.call().queryParam("resource_types", "OS::Glance::Image").queryParam("limit", 1000)
                .when().get(TestNamespaces.NAMESPACES).then().statusCode(200)
                .body("namespaces.namespace", hasItem("OS::Glance::Signature"));

        Run again = load();
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("0 created, " + files + " left alone, 0 failed"), again.output());

        // A namespace changed since: --replace puts it back as its file says.
        admin.call().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("namespace", "OS::Compute::Watchdog", "visibility", "private"))
                .when().put(TestNamespaces.path("OS::Compute::Watchdog")).then().statusCode(200);
        Run replaced = load("--replace");
        assertEquals(0, replaced.exit(), replaced.output());
        reader.call().when().get(TestNamespaces.path("OS::Compute::Watchdog")).then().statusCode(200)
                .body("protected", equalTo(true));
    }

    @Test
    void aBrokenFileFailsTheLoadAndSaysWhy() throws Exception {
        Path dir = Files.createTempDirectory("metadefs");
        Files.writeString(dir.resolve("bad.json"), "{\"namespace\": \"Test::Bad::" + java.util.UUID.randomUUID()
                + "\", \"visibility\": \"everyone\"}");
        Files.writeString(dir.resolve("notjson.json"), "nothing");
        Run run = load(dir.toString());
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("HTTP 400"), run.output());
        assertTrue(run.output().contains("0 created, 0 left alone, 2 failed"), run.output());
        Files.walk(dir).map(Path::toFile).sorted((a, b) -> -a.compareTo(b)).forEach(File::delete);
    }
}
