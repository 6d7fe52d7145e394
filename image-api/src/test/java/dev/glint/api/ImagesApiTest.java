package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * image-api alone on the real infrastructure: metadata calls, their errors, and the upload path up
 * to "data received" (no upload-worker runs here, so images stay in saving).
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ImagesApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v2/images")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createReturnsGlanceImageJson() {
        // noauth mode: everything runs as admin of glint.auth.default-project.
        String project = "glint";
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "cirros", "disk_format", "raw", "container_format", "bare",
                        "tags", List.of("a", "b"), "hw_disk_bus", "scsi"))
                .when().post("/v2/images")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/v2/images/"))
                .header("X-Openstack-Request-Id", startsWith("req-"))
                .body("status", equalTo("queued"))
                .body("name", equalTo("cirros"))
                .body("visibility", equalTo("shared"))
                .body("protected", equalTo(false))
                .body("os_hidden", equalTo(false))
                .body("min_disk", equalTo(0))
                .body("size", nullValue())
                .body("checksum", nullValue())
                .body("owner", equalTo(project))
                .body("tags", equalTo(List.of("a", "b")))
                .body("hw_disk_bus", equalTo("scsi"))
                .body("file", startsWith("/v2/images/"))
                .body("schema", equalTo("/v2/schemas/image"))
                .body("$", hasKey("os_hash_value"))
                .body("created_at", notNullValue());
    }

    @Test
    void anEmptyImageIdIsNotFound() {
        // Glance: GET and DELETE /v2/images/ (Tempest's null-id tests) are 404.
        given().when().get("/v2/images/").then().statusCode(404);
        given().when().delete("/v2/images/").then().statusCode(404);
        given().when().get("/v2/images").then().statusCode(200);
    }

    @Test
    void badCreatesAreRefusedAndLeaveNothing() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "status", "active"))
                .when().post("/v2/images").then().statusCode(403).body("message", equalTo("Attribute 'status' is read-only."));
        given().contentType(ContentType.JSON).body(Map.of("os_glance_import_task", "x"))
                .when().post("/v2/images").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("disk_format", "floppy"))
                .when().post("/v2/images").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("min_ram", -1))
                .when().post("/v2/images").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{not json")
                .when().post("/v2/images").then().statusCode(400);
        String id = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("id", id, "tags", List.of("ok", 7)))
                .when().post("/v2/images").then().statusCode(400);
        given().when().get("/v2/images/" + id).then().statusCode(404);
    }

    @Test
    void clientChosenIdsAreKeptAndDuplicatesConflict() {
        String id = UUID.randomUUID().toString();
        create(Map.of("id", id, "name", "mine"));
        given().contentType(ContentType.JSON).body(Map.of("id", id))
                .when().post("/v2/images").then().statusCode(409);
        given().when().get("/v2/images/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        given().when().get("/v2/images/" + UUID.randomUUID()).then().statusCode(404)
                .header("X-Openstack-Request-Id", startsWith("req-"));
        given().when().get("/v2/images/cirros").then().statusCode(404);
    }

    @Test
    void listPagesWithNextLinks() {
        String name = "page-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            create(Map.of("name", name));
        }
        List<String> first = given().queryParam("name", name).queryParam("limit", 2)
                .when().get("/v2/images")
                .then().statusCode(200)
                .body("next", startsWith("/v2/images?"))
                .body("schema", equalTo("/v2/schemas/images"))
                .extract().path("images.id");
        String next = given().queryParam("name", name).queryParam("limit", 2)
                .when().get("/v2/images").then().extract().path("next");
        List<String> second = given().when().get(next).then().statusCode(200).extract().path("images.id");
        org.junit.jupiter.api.Assertions.assertEquals(2, first.size());
        org.junit.jupiter.api.Assertions.assertEquals(2, second.size());
        org.junit.jupiter.api.Assertions.assertTrue(java.util.Collections.disjoint(first, second));
        given().queryParam("name", name).queryParam("limit", 10)
                .when().get("/v2/images").then().statusCode(200)
                .body("images.size()", equalTo(5))
                .body("$", not(hasKey("next")));
        given().queryParam("marker", UUID.randomUUID()).when().get("/v2/images").then().statusCode(400);
        given().queryParam("limit", "many").when().get("/v2/images").then().statusCode(400);
    }

    @Test
    void uploadChecksTypeFormatsAndStatus() {
        String noFormats = create(Map.of("name", "bare"));
        given().contentType("application/octet-stream").body(new byte[] {1, 2, 3})
                .when().put("/v2/images/" + noFormats + "/file").then().statusCode(400);
        given().when().get("/v2/images/" + noFormats).then().body("status", equalTo("queued"));

        String id = create(Map.of("name", "data", "disk_format", "raw", "container_format", "bare"));
        given().contentType("text/plain").body("hello")
                .when().put("/v2/images/" + id + "/file").then().statusCode(415);
        given().when().get("/v2/images/" + id + "/file").then().statusCode(204);

        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(data);
        given().contentType("application/octet-stream").body(data)
                .when().put("/v2/images/" + id + "/file").then().statusCode(204);
        // No upload-worker here: the data is stored and recorded, verification is pending.
        given().when().get("/v2/images/" + id).then().statusCode(200)
                .body("status", equalTo("saving"))
                .body("size", equalTo(data.length))
                .body("checksum", equalTo(md5(data)));
        given().contentType("application/octet-stream").body(data)
                .when().put("/v2/images/" + id + "/file").then().statusCode(409);
    }

    @Test
    void deleteRemovesTheImage() {
        String id = create(Map.of("name", "doomed"));
        given().when().delete("/v2/images/" + id).then().statusCode(204);
        given().when().get("/v2/images/" + id).then().statusCode(404);
        given().when().delete("/v2/images/" + id).then().statusCode(404);

        String kept = create(Map.of("name", "kept", "protected", true));
        given().when().delete("/v2/images/" + kept).then().statusCode(403);
        given().when().get("/v2/images/" + kept).then().statusCode(200);
    }

    @Test
    void versionsAreListedWithMultipleChoicesAtTheRootAndOkAtVersions() {
        given().when().get("/").then().statusCode(300).body("versions[0].status", equalTo("CURRENT"));
        given().when().get("/versions").then().statusCode(200).body("versions.id", org.hamcrest.Matchers.hasItem("v2.0"));
    }

    @Test
    void healthAndMetricsAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
    }

    static String md5(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
