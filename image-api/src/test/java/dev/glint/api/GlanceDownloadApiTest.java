package dev.glint.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImportCredentials;
import dev.glint.persistence.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * image-api's side of glance-download on the real database (no import-worker runs here): offered
 * when enabled, checked as Glance checks it, and recorded as a task whose input names the remote
 * image while the caller's token and the remote endpoint go to {@code import_credentials} only.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(GlanceDownloadProfile.class)
class GlanceDownloadApiTest {

    private static final String REMOTE = "36d4b546-64a2-4bb9-bdd0-ba676aa48f2c";

    private final Persona member = Persona.member(Persona.newProject());

    @Inject
    Transactions tx;

    @Inject
    ImportCredentials credentials;

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private String image() {
        return member.create(Map.of("name", "glance-download", "disk_format", "iso", "container_format", "ovf"));
    }

    private static Map<String, Object> method(String region, String imageId) {
        return Map.of("method", Map.of("name", "glance-download", "glance_region", region, "glance_image_id", imageId));
    }

    private String importedTask(String id, String token, Map<String, Object> body) {
        member.call().header("X-Auth-Token", token).contentType(ContentType.JSON).body(body)
                .when().post("/v2/images/" + id + "/import").then().statusCode(202);
        return member.call().when().get("/v2/images/" + id + "/tasks").then().statusCode(200)
                .extract().path("tasks[0].id");
    }

    @Test
    void offeredWhenEnabled() {
        member.call().when().get("/v2/info/import").then().statusCode(200)
                .body("import-methods.value", hasItem("glance-download"));
        member.call().contentType(ContentType.JSON).body(Map.of("name", "headers")).when().post("/v2/images")
                .then().statusCode(201)
                .header("OpenStack-image-import-methods", "glance-direct,web-download,copy-image,glance-download");
    }

    @Test
    void aBadRequestIsRefusedAndNothingIsRecorded() {
        String id = image();
        String path = "/v2/images/" + id + "/import";
        member.call().contentType(ContentType.JSON).body(method("RegionTwo", "foo")).when().post(path)
                .then().statusCode(400).body("message", containsString("image id does not look like a UUID"));
        member.call().contentType(ContentType.JSON)
                .body(Map.of("method", Map.of("name", "glance-download", "glance_image_id", REMOTE)))
                .when().post(path).then().statusCode(400).body("message", containsString("glance_region"));
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("queued"))
                .body("$", not(org.hamcrest.Matchers.hasKey("os_glance_import_task")));
    }

    @Test
    void theTaskNamesTheRemoteImageAndTheTokenStaysOutOfIt() {
        String id = image();
        String token = "gAAAA-secret-" + UUID.randomUUID();
        String taskId = importedTask(id, token, method("regiontwo", REMOTE));

        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("importing"));
        String task = member.call().when().get("/v2/images/" + id + "/tasks").then().statusCode(200)
                .body("tasks[0].input.import_req.method.glance_image_id", equalTo(REMOTE))
                .body("tasks[0].input.import_req.method.glance_region", equalTo("regiontwo"))
                .body("tasks[0].input.import_req.method.glance_service_interface", equalTo("public"))
                .extract().asString();
        assertFalse(task.contains(token), task);
        assertFalse(task.contains("region-two.example"), task);

        ImportCredentials.Credential kept = credential(taskId).orElseThrow();
        // The region is matched without regard to case, and the URL kept without its trailing slash.
        assertEquals(GlanceDownloadProfile.REGION_TWO_URL, kept.endpoint());
        assertNull(kept.endpointProblem());
        assertEquals(token, kept.token());
        assertFalse(kept.toString().contains(token), kept.toString());
    }

    @Test
    void aRegionNobodyKnowsIsTheTasksFailureNotTheRequests() {
        String id = image();
        String taskId = importedTask(id, "t-" + UUID.randomUUID(), method("not a region", REMOTE));
        ImportCredentials.Credential kept = credential(taskId).orElseThrow();
        assertNull(kept.endpoint());
        assertTrue(kept.endpointProblem().contains("'not a region'"), kept.endpointProblem());
    }

    @Test
    void onlyAQueuedImageWithFormatsCanTakeAGlanceDownload() {
        String bare = member.create(Map.of("name", "no formats"));
        member.call().contentType(ContentType.JSON).body(method("RegionTwo", REMOTE))
                .when().post("/v2/images/" + bare + "/import").then().statusCode(409);
    }

    private Optional<ImportCredentials.Credential> credential(String taskId) {
        return tx.awaitRead(session -> credentials.find(session, UUID.fromString(taskId)));
    }
}
