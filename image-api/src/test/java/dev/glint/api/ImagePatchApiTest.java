package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PATCH /v2/images/{id}: JSON patch in both media types, atomicity, and every refusal. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ImagePatchApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private static final String PATCH = "application/openstack-images-v2.1-json-patch";

    private static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v2/images")
                .then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.ValidatableResponse patch(String id, String body) {
        return given().contentType(PATCH).body(body.getBytes(StandardCharsets.UTF_8)).when().patch("/v2/images/" + id).then();
    }

    @Test
    void addReplaceRemoveAttributesPropertiesAndTags() {
        String id = create(Map.of("name", "before", "hw_disk_bus", "ide", "tags", List.of("a")));
        patch(id, """
                [{"op": "replace", "path": "/name", "value": "after"},
                 {"op": "add", "path": "/os_distro", "value": "debian"},
                 {"op": "replace", "path": "/hw_disk_bus", "value": "scsi"},
                 {"op": "add", "path": "/min_ram", "value": 512},
                 {"op": "replace", "path": "/tags", "value": ["x", "y", "x"]},
                 {"op": "add", "path": "/protected", "value": true},
                 {"op": "add", "path": "/visibility", "value": "community"},
                 {"op": "replace", "path": "/disk_format", "value": "qcow2"},
                 {"op": "add", "path": "/a~1b~0c", "value": "escaped"}]""")
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", equalTo("after"))
                .body("os_distro", equalTo("debian"))
                .body("hw_disk_bus", equalTo("scsi"))
                .body("min_ram", equalTo(512))
                .body("tags", equalTo(List.of("x", "y")))
                .body("protected", equalTo(true))
                .body("visibility", equalTo("community"))
                .body("disk_format", equalTo("qcow2"))
                .body("'a/b~c'", equalTo("escaped"));
        patch(id, "[{\"op\": \"remove\", \"path\": \"/os_distro\"}]").statusCode(200)
                .body("$", not(hasKey("os_distro")));
        given().when().get("/v2/images/" + id).then().body("$", not(hasKey("os_distro")))
                .body("name", equalTo("after"));
    }

    @Test
    void legacyMediaTypeIsAccepted() {
        String id = create(Map.of("name", "old"));
        given().contentType("application/openstack-images-v2.0-json-patch")
                .body("[{\"replace\": \"/name\", \"value\": \"new\"}, {\"add\": \"/k\", \"value\": \"v\"}]"
                        .getBytes(StandardCharsets.UTF_8))
                .when().patch("/v2/images/" + id).then().statusCode(200)
                .body("name", equalTo("new")).body("k", equalTo("v"));
    }

    @Test
    void aBadOperationAppliesNothing() {
        String id = create(Map.of("name", "atomic", "keep", "me"));
        patch(id, """
                [{"op": "replace", "path": "/name", "value": "changed"},
                 {"op": "remove", "path": "/missing"}]""")
                .statusCode(409).body("message", containsString("missing"));
        patch(id, """
                [{"op": "replace", "path": "/name", "value": "changed"},
                 {"op": "add", "path": "/min_disk", "value": -1}]""")
                .statusCode(400);
        given().when().get("/v2/images/" + id).then().body("name", equalTo("atomic")).body("keep", equalTo("me"));
    }

    @Test
    void readOnlyReservedAndBaseAttributesAreForbidden() {
        String id = create(Map.of("name", "guarded"));
        for (String path : List.of("/status", "/size", "/checksum", "/os_hash_value", "/id", "/created_at",
                "/self", "/os_glance_import_task", "/deleted", "/location")) {
            patch(id, "[{\"op\": \"replace\", \"path\": \"" + path + "\", \"value\": \"x\"}]").statusCode(403);
        }
        patch(id, "[{\"op\": \"remove\", \"path\": \"/name\"}]").statusCode(403);
        patch(id, "[{\"op\": \"replace\", \"path\": \"/nope\", \"value\": \"x\"}]").statusCode(409);
        patch(id, "[{\"op\": \"add\", \"path\": \"/visibility\", \"value\": \"everyone\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/container_format\", \"value\": \"tarball\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/name\", \"value\": \"" + "n".repeat(256) + "\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/prop\", \"value\": 5}]").statusCode(400);
        given().when().get("/v2/images/" + id).then().body("name", equalTo("guarded"));
    }

    @Test
    void locationsAreNeitherShownNorChangedByDefault() {
        String id = create(Map.of("name", "no-locations", "disk_format", "raw", "container_format", "bare"));
        given().when().get("/v2/images/" + id).then().statusCode(200)
                .body("$", not(hasKey("locations"))).body("$", not(hasKey("direct_url")));
        String location = "{\"url\": \"http://example.com/image\", \"metadata\": {}}";
        patch(id, "[{\"op\": \"add\", \"path\": \"/locations/-\", \"value\": " + location + "}]").statusCode(403)
                .body("message", containsString("invisible"));
        patch(id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": [" + location + "]}]")
                .statusCode(403);
        patch(id, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]").statusCode(403);
        // The value is checked against the schema first, as Glance does.
        patch(id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": \"x\"}]").statusCode(400);
        // The v2.17 call is not behind show_multiple_locations (noauth callers are admins, which it lets in).
        given().when().get("/v2/images/" + id + "/locations").then().statusCode(200).body("size()", equalTo(0));
        given().when().get("/v2/images/" + id).then().body("status", equalTo("queued"));
    }

    @Test
    void badPointersAndDocumentsAre400() {
        String id = create(Map.of("name", "pointers"));
        patch(id, "[{\"op\": \"add\", \"path\": \"name\", \"value\": \"x\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": \"x\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/a~2\", \"value\": \"x\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/\", \"value\": \"x\"}]").statusCode(400);
        patch(id, "[{\"op\": \"move\", \"path\": \"/name\", \"value\": \"x\"}]").statusCode(400);
        patch(id, "[{\"op\": \"add\", \"path\": \"/name\"}]").statusCode(400);
        patch(id, "{\"op\": \"add\"}").statusCode(400);
        patch(id, "[1]").statusCode(400);
        patch(id, "not json").statusCode(400);
    }

    @Test
    void otherContentTypesAre415() {
        String id = create(Map.of("name", "typed"));
        given().contentType(ContentType.JSON).body("[]").when().patch("/v2/images/" + id).then().statusCode(415)
                .body("message", containsString("Content-Type"));
        given().contentType("application/json-patch+json").body("[]".getBytes(StandardCharsets.UTF_8)).when().patch("/v2/images/" + id)
                .then().statusCode(415);
    }

    @Test
    void formatsChangeOnlyWhileQueued() {
        String id = create(Map.of("name", "formats", "disk_format", "raw", "container_format", "bare"));
        TestImages.setStatus(id, "active");
        patch(id, "[{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"qcow2\"}]").statusCode(403);
        patch(id, "[{\"op\": \"replace\", \"path\": \"/container_format\", \"value\": \"ovf\"}]").statusCode(403);
        patch(id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"renamed\"}]").statusCode(200)
                .body("disk_format", equalTo("raw"));
    }

    @Test
    void unknownImagesAre404() {
        patch(java.util.UUID.randomUUID().toString(), "[]").statusCode(404);
        patch("not-an-id", "[]").statusCode(404);
    }
}
