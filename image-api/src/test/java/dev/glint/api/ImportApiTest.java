package dev.glint.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * image-api's side of interoperable import, alone (no task-executor runs here, so tasks stay
 * pending): staging, the checks an import request passes before its task is recorded, the import
 * lock, the tasks API and its admin rule, the stage quota and the stores.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class ImportApiTest {

    private static final int MIB = 1024 * 1024;

    private final String project = Persona.newProject();
    private final Persona member = Persona.member(project);
    private final Persona reader = Persona.reader(project);
    private final Persona admin = Persona.admin(Persona.newProject());

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private String image() {
        return member.create(Map.of("name", "import-api", "disk_format", "raw", "container_format", "bare"));
    }

    private void stage(String id, int size) {
        member.call().contentType("application/octet-stream").body(new byte[size])
                .when().put("/v2/images/" + id + "/stage").then().statusCode(204);
    }

    @Test
    void stagingMovesTheImageToUploadingAndRecordsItsSize() {
        String id = image();
        member.call().contentType(ContentType.JSON).body("{}").when().put("/v2/images/" + id + "/stage")
                .then().statusCode(415);
        reader.call().contentType("application/octet-stream").body(new byte[10])
                .when().put("/v2/images/" + id + "/stage").then().statusCode(403);
        stage(id, 1000);
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("uploading"))
                .body("size", equalTo(1000));
        member.call().contentType("application/octet-stream").body(new byte[10])
                .when().put("/v2/images/" + id + "/stage").then().statusCode(409);
        member.call().contentType("application/octet-stream").body(new byte[10])
                .when().put("/v2/images/" + id + "/file").then().statusCode(409);
    }

    @Test
    void importRecordsAPendingTaskUnderTheImportLock() {
        String id = image();
        stage(id, 2000);
        String requestId = member.call().contentType(ContentType.JSON)
                .body(Map.of("method", Map.of("name", "glance-direct")))
                .when().post("/v2/images/" + id + "/import").then().statusCode(202)
                .extract().header("X-Openstack-Request-Id");

        member.call().when().get("/v2/images/" + id).then()
                .body("status", equalTo("importing"))
                .body("os_glance_import_task", notNullValue())
                .body("os_glance_importing_to_stores", equalTo("default"))
                .body("os_glance_failed_import", equalTo(""));
        String taskId = member.call().when().get("/v2/images/" + id + "/tasks").then().statusCode(200)
                .body("tasks", hasSize(1))
                .body("tasks[0].type", equalTo("api_image_import"))
                .body("tasks[0].status", equalTo("pending"))
                .body("tasks[0].input.import_req.method.name", equalTo("glance-direct"))
                .body("tasks[0].self", containsString("/v2/tasks/"))
                // As Glance (and Tempest checks it): the request that created the task, and its user.
                .body("tasks[0].request_id", equalTo(requestId))
                .body("tasks[0].user_id", equalTo(member.user()))
                .extract().path("tasks[0].id");
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "glance-direct")))
                .when().post("/v2/images/" + id + "/import").then().statusCode(409)
                .body("message", containsString("import in progress"));

        admin.call().when().get("/v2/tasks/" + taskId).then().statusCode(200)
                .body("id", equalTo(taskId)).body("status", equalTo("pending")).body("expires_at", nullValue())
                .body("schema", equalTo("/v2/schemas/task"));
        member.call().when().get("/v2/tasks/" + taskId).then().statusCode(403);
        member.call().when().get("/v2/tasks").then().statusCode(403);
        admin.call().when().get("/v2/tasks?type=api_image_import&status=pending&limit=1000").then().statusCode(200)
                .body("tasks.id", hasItems(taskId));
    }

    @Test
    void importRequestsAreCheckedBeforeAnythingIsRecorded() {
        String id = image();
        String path = "/v2/images/" + id + "/import";
        member.call().contentType(ContentType.JSON).body(Map.of()).when().post(path).then().statusCode(400);
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "glance-download")))
                .when().post(path).then().statusCode(400);
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "glance-direct")))
                .when().post(path).then().statusCode(409).body("message", containsString("uploading"));
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "web-download",
                        "uri", "http://127.0.0.1/image.raw")))
                .when().post(path).then().statusCode(400).body("message", containsString("filtering"));
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "web-download",
                        "uri", "ftp://example.com/image.raw")))
                .when().post(path).then().statusCode(400);
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "web-download",
                        "uri", "http://93.184.216.34/image.raw"), "stores", List.of("nowhere")))
                .when().post(path).then().statusCode(400).body("message", containsString("nowhere"));
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "web-download",
                        "uri", "http://93.184.216.34/image.raw"), "stores", List.of("second"), "all_stores", true))
                .when().post(path).then().statusCode(400);
        member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "copy-image"),
                        "stores", List.of("second")))
                .when().post(path).then().statusCode(403);
        reader.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "web-download",
                        "uri", "http://93.184.216.34/image.raw")))
                .when().post(path).then().statusCode(403);
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("queued"))
                .body("os_glance_import_task", nullValue());
        member.call().when().get("/v2/images/" + id + "/tasks").then().body("tasks", hasSize(0));
    }

    @Test
    void tasksPageWithMarkersInEitherDirection() {
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = image();
            member.call().contentType(ContentType.JSON).body(Map.of("method", Map.of("name", "web-download",
                            "uri", "http://93.184.216.34/" + i + ".raw")))
                    .when().post("/v2/images/" + id + "/import").then().statusCode(202);
            created.add(member.call().when().get("/v2/images/" + id + "/tasks").then().extract().path("tasks[0].id"));
        }
        // Walk every task, oldest first, two at a time: ours come in the order they were made.
        List<String> walked = new java.util.ArrayList<>();
        String next = "/v2/tasks?limit=2&sort_key=created_at&sort_dir=asc";
        while (next != null) {
            io.restassured.response.Response page = admin.call().when().get(next).then().statusCode(200).extract()
                    .response();
            List<String> ids = page.path("tasks.id");
            org.junit.jupiter.api.Assertions.assertTrue(ids.size() <= 2);
            walked.addAll(ids);
            next = page.path("next");
        }
        org.junit.jupiter.api.Assertions.assertEquals(created,
                walked.stream().filter(created::contains).toList());
        List<String> newestFirst = admin.call().when().get("/v2/tasks?limit=1000&type=api_image_import")
                .then().extract().path("tasks.id");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(created.get(2), created.get(1), created.get(0)),
                newestFirst.stream().filter(created::contains).toList());
        admin.call().when().get("/v2/tasks?sort_key=owner").then().statusCode(400);
        admin.call().when().get("/v2/tasks?status=finished").then().statusCode(400);
        admin.call().when().get("/v2/tasks?marker=" + java.util.UUID.randomUUID()).then().statusCode(400);
    }

    @Test
    void stageQuotaIs413() {
        String first = image();
        stage(first, 2 * MIB);
        member.call().when().get("/v2/info/usage").then().body("usage.image_stage_total.usage", equalTo(2))
                .body("usage.image_stage_total.limit", equalTo(3));
        String second = image();
        member.call().contentType("application/octet-stream").body(new byte[2 * MIB])
                .when().put("/v2/images/" + second + "/stage").then().statusCode(413)
                .body("message", containsString("image_stage_total"));
        member.call().when().get("/v2/images/" + second).then().body("status", equalTo("queued"));
    }

    @Test
    void legacyTaskCreateIsForAdminsAndChecksItsInput() {
        Map<String, Object> input = Map.of("import_from", "http://93.184.216.34/cirros.qcow2",
                "import_from_format", "qcow2",
                "image_properties", Map.of("name", "legacy", "disk_format", "qcow2", "container_format", "bare"));
        member.call().contentType(ContentType.JSON).body(Map.of("type", "import", "input", input))
                .when().post("/v2/tasks").then().statusCode(403);
        admin.call().contentType(ContentType.JSON).body(Map.of("type", "import"))
                .when().post("/v2/tasks").then().statusCode(400);
        admin.call().contentType(ContentType.JSON).body(Map.of("type", "import", "input",
                        Map.of("import_from", "http://10.0.0.1/x", "import_from_format", "raw",
                                "image_properties", Map.of("disk_format", "raw", "container_format", "bare"))))
                .when().post("/v2/tasks").then().statusCode(400);
        String imageTask = admin.call().contentType(ContentType.JSON).body(Map.of("type", "import", "input", input))
                .when().post("/v2/tasks").then().statusCode(201)
                .body("type", equalTo("import")).body("status", equalTo("pending"))
                .body("input.import_from", equalTo("http://93.184.216.34/cirros.qcow2"))
                .extract().path("image_id");
        admin.call().when().get("/v2/images/" + imageTask).then().body("status", equalTo("importing"))
                .body("name", equalTo("legacy"));
    }

    @Test
    void storesAndMethodsAreAdvertised() {
        member.call().when().get("/v2/info/stores").then().statusCode(200)
                .body("stores.id", hasItems("default", "second"))
                .body("stores.find { it.id == 'default' }.default", equalTo(true));
        member.call().when().get("/v2/info/import").then()
                .body("import-methods.value", hasItems("glance-direct", "web-download", "copy-image"));
        member.call().contentType(ContentType.JSON).body(Map.of("name", "headers")).when().post("/v2/images")
                .then().statusCode(201)
                .header("OpenStack-image-import-methods", "glance-direct,web-download,copy-image")
                .header("OpenStack-image-store-ids", "default,second");
        String id = image();
        member.call().header("X-Image-Meta-Store", "nowhere").contentType("application/octet-stream")
                .body(new byte[10]).when().put("/v2/images/" + id + "/file").then().statusCode(400);
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("queued"));
    }
}
