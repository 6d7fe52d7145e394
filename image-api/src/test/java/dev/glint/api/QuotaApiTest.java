package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The image size cap (4 MiB here) and per-project quotas (12 images, 3 MiB) of
 * {@link TrustedHeadersProfile}: 413 on create and upload, reported by /v2/info/usage.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class QuotaApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private static final int MIB = 1024 * 1024;
    private final Persona user = Persona.member(Persona.newProject());

    private String image() {
        return user.create(Map.of("disk_format", "raw", "container_format", "bare"));
    }

    @Test
    void imageCountQuotaIs413OnCreate() {
        for (int i = 0; i < 12; i++) {
            user.create(Map.of("name", "n" + i));
        }
        user.call().contentType(ContentType.JSON).body(Map.of("name", "one-too-many")).when().post("/v2/images")
                .then().statusCode(413).body("message", org.hamcrest.Matchers.containsString("image_count_total"));
        user.call().when().get("/v2/info/usage").then().statusCode(200)
                .body("usage.image_count_total.limit", equalTo(12))
                .body("usage.image_count_total.usage", equalTo(12));
    }

    @Test
    void sizeCapIs413BeforeAndDuringTheUpload() throws Exception {
        String declared = image();
        user.call().contentType("application/octet-stream").body(new byte[4 * MIB + 1])
                .when().put("/v2/images/" + declared + "/file").then().statusCode(413);
        user.call().when().get("/v2/images/" + declared).then().body("status", equalTo("queued"));

        String streamed = image();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                        + "/v2/images/" + streamed + "/file"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5 * MIB])));
        request.header("X-Identity-Status", "Confirmed").header("X-Project-Id", user.project())
                .header("X-User-Id", user.user()).header("X-Roles", user.roles());
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(413, response.statusCode(), response.body());
        user.call().when().get("/v2/images/" + streamed).then().body("status", equalTo("queued"))
                .body("size", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void storageQuotaIs413OnUpload() {
        String first = image();
        user.call().contentType("application/octet-stream").body(new byte[2 * MIB])
                .when().put("/v2/images/" + first + "/file").then().statusCode(204);
        user.call().when().get("/v2/info/usage").then()
                .body("usage.image_size_total.usage", equalTo(2))
                .body("usage.image_size_total.limit", equalTo(3));
        String second = image();
        user.call().contentType("application/octet-stream").body(new byte[2 * MIB])
                .when().put("/v2/images/" + second + "/file").then().statusCode(413)
                .body("message", org.hamcrest.Matchers.containsString("image_size_total"));
        user.call().when().get("/v2/images/" + second).then().body("status", equalTo("queued"));
    }

    @Test
    void storageQuotaIs413AfterAnUploadOfUnknownLength() throws Exception {
        String first = image();
        user.call().contentType("application/octet-stream").body(new byte[2 * MIB])
                .when().put("/v2/images/" + first + "/file").then().statusCode(204);
        String streamed = image();
        // No Content-Length: the size is known only once the data is stored, and checked then.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                        + "/v2/images/" + streamed + "/file"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 * MIB])));
        request.header("X-Identity-Status", "Confirmed").header("X-Project-Id", user.project())
                .header("X-User-Id", user.user()).header("X-Roles", user.roles());
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(413, response.statusCode(), response.body());
        org.junit.jupiter.api.Assertions.assertTrue(response.body().contains("image_size_total"), response.body());
        user.call().when().get("/v2/images/" + streamed).then().body("status", equalTo("queued"))
                .body("size", org.hamcrest.Matchers.nullValue());
        user.call().when().get("/v2/info/usage").then().body("usage.image_size_total.usage", equalTo(2));
    }
}
