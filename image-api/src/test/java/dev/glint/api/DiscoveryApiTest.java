package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Version discovery, schemas and /v2/info, as clients read them before anything else. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class DiscoveryApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    @Test
    void versionsAreListedWithLinksMultipleChoicesAtTheRoot() {
        // Glance: 300 at /, 200 at /versions.
        for (String path : List.of("/", "/versions")) {
            given().when().get(path).then().statusCode(path.equals("/") ? 300 : 200)
                    .header("X-Openstack-Request-Id", startsWith("req-"))
                    .body("versions[0].id", equalTo("v2.16"))
                    .body("versions[0].status", equalTo("CURRENT"))
                    .body("versions.id", hasItems("v2.0", "v2.1", "v2.15"))
                    .body("versions[0].links[0].rel", equalTo("self"))
                    .body("versions[0].links[0].href", startsWith("http"));
        }
    }

    @Test
    void imageSchemaDescribesTheImageAndTheConfiguredFormats() {
        given().when().get("/v2/schemas/image").then().statusCode(200)
                .body("name", equalTo("image"))
                .body("additionalProperties.type", equalTo("string"))
                .body("properties.status.readOnly", equalTo(true))
                .body("properties.visibility.enum", hasItems("public", "private", "shared", "community"))
                .body("properties.disk_format.enum", hasItems("raw", "qcow2", "iso"))
                .body("properties.disk_format.enum", hasItem((Object) null))
                .body("properties.container_format.enum", hasItems("bare", "ovf"))
                .body("properties.name.maxLength", equalTo(255))
                .body("properties.os_hidden.type", equalTo("boolean"))
                .body("links.rel", hasItems("self", "enclosure", "describedby"));
        given().when().get("/v2/schemas/images").then().statusCode(200)
                .body("name", equalTo("images"))
                .body("properties.images.items.name", equalTo("image"))
                .body("links.rel", hasItems("first", "next", "describedby"));
    }

    @Test
    void memberAndTaskSchemasAreServed() {
        given().when().get("/v2/schemas/member").then().statusCode(200)
                .body("name", equalTo("member"))
                .body("properties.status.enum", equalTo(List.of("pending", "accepted", "rejected")));
        given().when().get("/v2/schemas/members").then().statusCode(200)
                .body("name", equalTo("members"))
                .body("properties.members.items.name", equalTo("member"));
        given().when().get("/v2/schemas/task").then().statusCode(200)
                .body("name", equalTo("task"))
                .body("properties.status.enum", hasItems("pending", "processing", "success", "failure"));
        given().when().get("/v2/schemas/tasks").then().statusCode(200)
                .body("name", equalTo("tasks"))
                .body("properties.tasks.items.name", equalTo("task"));
        given().when().get("/v2/schemas/nothing").then().statusCode(404)
                .header("X-Openstack-Request-Id", startsWith("req-"));
    }

    @Test
    void infoCallsAnswerInGlanceShape() {
        given().when().get("/v2/info/import").then().statusCode(200)
                .body("import-methods.type", equalTo("array"))
                .body("import-methods.value", equalTo(List.of("glance-direct", "web-download", "copy-image")));
        given().when().get("/v2/info/stores").then().statusCode(200)
                .body("stores[0].id", equalTo("default"))
                .body("stores[0].default", equalTo(true));
        given().when().get("/v2/info/usage").then().statusCode(200)
                .body("usage.image_count_total.limit", equalTo(-1))
                .body("usage.image_size_total.limit", equalTo(-1))
                .body("usage", org.hamcrest.Matchers.hasKey("image_stage_total"))
                .body("usage", org.hamcrest.Matchers.hasKey("image_count_uploading"));
    }

    @Test
    void openApiDocumentDescribesTheImagesApi() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths", org.hamcrest.Matchers.hasKey("/v2/images/{image_id}/members/{member_id}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v2/cache/{image_id}"))
                .body("paths.'/v2/images'.get.parameters.name", hasItems("limit", "marker", "sort", "tag"));
    }

    @Test
    void errorsAreJsonWithARequestId() {
        given().when().get("/v2/images/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/json")
                .header("X-Openstack-Request-Id", startsWith("req-"))
                .body("code", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("message", startsWith("No image found with ID"));
        given().when().post("/v2/schemas/image").then().statusCode(405)
                .header("X-Openstack-Request-Id", startsWith("req-"));
        // glanceclient asks for anything and reads the message out of a wrapped fault.
        given().accept("*/*; q=1").when().get("/v2/images/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/json")
                .body("error.code", equalTo(404))
                .body("error.message", startsWith("No image found with ID"));
        given().accept("*/*; q=1").queryParam("limit", "x").when().get("/v2/images").then().statusCode(400)
                .body("error.title", equalTo("Bad Request"));
    }
}
