package dev.glint.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classes of hostile input that answered 500 (bench/reliability hostile found them): list
 * filters whose {@code in:} list names nothing or whose time is out of range, identity headers
 * longer than the columns they land in, a semicolon that split a value, JSON with garbage after it,
 * and dot segments that moved a request to another resource. Each must be a 4xx that changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class HostileClassesTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final Persona user = Persona.member(Persona.newProject());

    private int ownImages() {
        return user.call().queryParam("owner", user.project()).when().get("/v2/images").then().statusCode(200)
                .extract().path("images.size()");
    }

    @Test
    void anInListWithoutAValueIs400ForEveryListFilter() {
        for (String filter : List.of("name", "owner", "disk_format", "container_format", "checksum", "os_hash_algo",
                "os_hash_value", "id", "status")) {
            for (String value : List.of("in:", "in:,", "in:,,,,", "in:%22a", "in:a%22b", "in:%22a%22b")) {
                user.call().urlEncodingEnabled(false).when().get("/v2/images?" + filter + "=" + value)
                        .then().statusCode(400).body("message", containsString(filter));
            }
        }
    }

    @Test
    void inListsReadAsGlanceReadsThem() {
        user.create(Map.of("name", "a,b"));
        user.create(Map.of("name", "c"));
        user.create(Map.of("name", "plain"));
        List<String> names = user.call().urlEncodingEnabled(false).queryParam("owner", user.project())
                .when().get("/v2/images?name=in:%22a,b%22,c,&sort_key=name&sort_dir=asc")
                .then().statusCode(200).extract().path("images.name");
        assertEquals(List.of("a,b", "c"), names);
        user.call().urlEncodingEnabled(false).queryParam("owner", user.project()).when().get("/v2/images?name=in:%22%22")
                .then().statusCode(200).body("images", hasSize(0));
    }

    @Test
    void timesOutsideTheYears1To9999Are400() {
        for (String value : List.of("gte:+999999999-12-31T23:59:59Z", "lt:-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            for (String filter : List.of("created_at", "updated_at")) {
                user.call().queryParam(filter, value).when().get("/v2/images").then().statusCode(400)
                        .body("message", containsString("between the years 1 and 9999"));
            }
        }
        user.call().queryParam("created_at", "gte:0001-01-01T00:00:00Z").when().get("/v2/images").then().statusCode(200);
    }

    @Test
    void aSemicolonIsPartOfTheValueAsInGlance() {
        user.create(Map.of("name", "a;b"));
        user.call().urlEncodingEnabled(false).when().get("/v2/images?owner=" + user.project() + "&name=a;b")
                .then().statusCode(200).body("images.name", equalTo(List.of("a;b")));
        user.call().urlEncodingEnabled(false).when().get("/v2/images?sort_key=name;drop").then().statusCode(400);
        Persona.admin(user.project()).call().urlEncodingEnabled(false).when().get("/v2/tasks?type=import;x&limit=5")
                .then().statusCode(200).body("tasks", hasSize(0));
    }

    @Test
    void identityHeadersLongerThanTheirColumnsAre400AndCreateNothing() {
        String longId = "p".repeat(300);
        Persona longProject = new Persona(longId, "user", "member");
        longProject.call().contentType(ContentType.JSON).body(Map.of("name", "too long")).when().post("/v2/images")
                .then().statusCode(400).body("message", containsString("X-Project-Id"));
        longProject.call().when().get("/v2/images").then().statusCode(400);
        new Persona(user.project(), "u".repeat(256), "member").call().when().get("/v2/images").then().statusCode(400)
                .body("message", containsString("X-User-Id"));
        new Persona(user.project(), "user", "member," + "r".repeat(256)).call().when().get("/v2/images").then()
                .statusCode(400).body("message", containsString("X-Roles"));
        String longestProject = Persona.newProject() + "q".repeat(255 - Persona.newProject().length());
        Persona longest = new Persona(longestProject, "u".repeat(255), "member,reader");
        String id = longest.create(Map.of("name", "fits"));
        longest.call().when().get("/v2/images/" + id).then().statusCode(200).body("owner", equalTo(longestProject));
        assertEquals(0, ownImages());
    }

    @Test
    void membersAndTasksOfALongProjectAre400Too() {
        String id = user.create(Map.of("name", "shared", "visibility", "shared"));
        user.call().contentType(ContentType.JSON).body(Map.of("member", "m".repeat(256)))
                .when().post("/v2/images/" + id + "/members").then().statusCode(400);
        Persona admin = new Persona("a".repeat(300), "admin", "admin");
        admin.call().contentType(ContentType.JSON).body(Map.of("type", "import", "input", Map.of(
                        "import_from", "http://127.0.0.1:9/x", "import_from_format", "raw",
                        "image_properties", Map.of("name", "t", "disk_format", "raw", "container_format", "bare"))))
                .when().post("/v2/tasks").then().statusCode(400);
    }

    @Test
    void jsonWithGarbageAfterItIs400() {
        user.call().contentType(ContentType.JSON).body("{\"name\": \"a\"}x").when().post("/v2/images").then()
                .statusCode(400);
        user.call().contentType(ContentType.JSON).body("{\"name\": \"a\"} {\"name\": \"b\"}").when().post("/v2/images")
                .then().statusCode(400);
        String id = user.create(Map.of("name", "patched"));
        user.call().contentType("application/openstack-images-v2.1-json-patch")
                .body("[{\"op\": \"add\", \"path\": \"/p\", \"value\": \"v\"}]]".getBytes(StandardCharsets.UTF_8)).when().patch("/v2/images/" + id)
                .then().statusCode(400);
        assertEquals(1, ownImages());
    }

    @Test
    void dotSegmentsArePathsNoClientMeansAnd400() {
        String id = user.create(Map.of("name", "dots"));
        for (String path : List.of("/v2/images/%2e%2e/tasks", "/v2/images/" + id + "/members/..", "/v2/images/%2E./x",
                "/v2/./images", "/v2/images/" + id + "/tags/%2e")) {
            user.call().urlEncodingEnabled(false).when().get(path).then().statusCode(400)
                    .body("message", containsString("segment"));
        }
        user.call().when().put("/v2/images/" + id + "/tags/a.b..c").then().statusCode(204);
    }

    @Test
    void aRepeatedHostIs400() {
        user.call().header("Host", "one").header("Host", "two").when().get("/v2/images").then().statusCode(400);
    }
}
