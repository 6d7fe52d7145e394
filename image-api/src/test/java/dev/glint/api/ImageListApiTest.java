package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /v2/images: filters, sorting, paging and their errors. Every test tags its images with a
 * property of its own ({@code run=<uuid>}) and filters on it, so tests sharing the database do
 * not see each other's images.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ImageListApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final String run = UUID.randomUUID().toString();

    private String create(Map<String, Object> attributes) {
        Map<String, Object> body = new HashMap<>(attributes);
        body.put("run", run);
        return given().contentType(ContentType.JSON).body(body).when().post("/v2/images")
                .then().statusCode(201).extract().path("id");
    }

    private RequestSpecification list() {
        return given().queryParam("run", run);
    }

    private List<String> ids(RequestSpecification request) {
        return request.when().get("/v2/images").then().statusCode(200).extract().path("images.id");
    }

    @Test
    void filtersOnAttributesTagsAndProperties() {
        String a = create(Map.of("name", "alpha", "disk_format", "raw", "container_format", "bare",
                "tags", List.of("red", "big"), "protected", true, "flavor", "x"));
        String b = create(Map.of("name", "beta", "disk_format", "qcow2", "container_format", "bare",
                "tags", List.of("red"), "visibility", "public"));
        String c = create(Map.of("name", "gamma", "os_hidden", true, "visibility", "community"));
        assertEquals(List.of(b, a), ids(list()));
        assertEquals(List.of(a), ids(list().queryParam("name", "alpha")));
        assertEquals(List.of(b, a), ids(list().queryParam("name", "in:alpha,beta")));
        assertEquals(List.of(b), ids(list().queryParam("disk_format", "qcow2")));
        assertEquals(List.of(b, a), ids(list().queryParam("container_format", "bare")));
        assertEquals(List.of(b, a), ids(list().queryParam("tag", "red")));
        assertEquals(List.of(a), ids(list().queryParam("tag", "red").queryParam("tag", "big")));
        assertEquals(List.of(), ids(list().queryParam("tag", "blue")));
        assertEquals(List.of(a), ids(list().queryParam("flavor", "x")));
        assertEquals(List.of(a), ids(list().queryParam("protected", "true")));
        assertEquals(List.of(b), ids(list().queryParam("protected", "false")));
        assertEquals(List.of(b), ids(list().queryParam("visibility", "public")));
        assertEquals(List.of(c), ids(list().queryParam("os_hidden", "true")));
        assertEquals(List.of(c), ids(list().queryParam("os_hidden", "true").queryParam("visibility", "community")));
        assertEquals(List.of(b, a), ids(list().queryParam("status", "queued")));
        assertEquals(List.of(), ids(list().queryParam("status", "active")));
        assertEquals(List.of(a, b), ids(list().queryParam("id", "in:" + a + "," + b).queryParam("sort_dir", "asc")));
        assertEquals(List.of(b, a), ids(list().queryParam("owner", "glint")));
    }

    @Test
    void filtersOnSizeAndTimes() throws Exception {
        String small = create(Map.of("name", "small"));
        String large = create(Map.of("name", "large"));
        TestImages.setStatus(small, "active");
        TestImages.setStatus(large, "active");
        setSize(small, 10, "2020-01-01T00:00:00Z");
        setSize(large, 1000, "2021-01-01T00:00:00Z");
        assertEquals(List.of(large), ids(list().queryParam("size_min", 11)));
        assertEquals(List.of(small), ids(list().queryParam("size_max", 999)));
        assertEquals(List.of(large, small), ids(list().queryParam("size_min", 10).queryParam("size_max", 1000)));
        String created = given().when().get("/v2/images/" + large).then().extract().path("created_at");
        assertEquals("2021-01-01T00:00:00Z", created);
        assertEquals(List.of(large), ids(list().queryParam("created_at", "gte:" + created)));
        assertEquals(List.of(small), ids(list().queryParam("created_at", "lt:" + created)));
        assertEquals(List.of(small), ids(list().queryParam("created_at", "neq:" + created)));
        assertEquals(List.of(large), ids(list().queryParam("created_at", "eq:" + created)));
        assertEquals(List.of(large, small), ids(list().queryParam("updated_at", "lte:" + Instant.now().plusSeconds(60))));
        assertEquals(List.of(), ids(list().queryParam("updated_at", "gt:" + Instant.now().plusSeconds(60))));
    }

    private static void setSize(String id, long size, String createdAt) {
        dev.glint.persistence.Transactions tx = io.quarkus.arc.Arc.container()
                .instance(dev.glint.persistence.Transactions.class).get();
        tx.awaitTransaction(session -> session.createNativeQuery(
                        "update images set size = :size, created_at = cast(cast(:created as text) as timestamptz) where id = :id")
                .setParameter("size", size).setParameter("created", createdAt).setParameter("id", UUID.fromString(id))
                .executeUpdate());
    }

    @Test
    void sortsByKeysAndDirectionsInBothSyntaxes() {
        String b = create(Map.of("name", "b", "min_ram", 1));
        String a = create(Map.of("name", "a", "min_ram", 2));
        String c = create(Map.of("name", "c", "min_ram", 1));
        assertEquals(List.of(a, b, c), ids(list().queryParam("sort_key", "name").queryParam("sort_dir", "asc")));
        assertEquals(List.of(c, b, a), ids(list().queryParam("sort_key", "name")));
        assertEquals(List.of(b, c, a), ids(list().queryParam("sort_key", "min_ram").queryParam("sort_key", "name")
                .queryParam("sort_dir", "asc").queryParam("sort_dir", "asc")));
        assertEquals(List.of(a, b, c), ids(list().queryParam("sort", "min_ram:desc,name:asc")));
        assertEquals(List.of(c, a, b), ids(list().queryParam("sort", "created_at")));
    }

    @Test
    void pagesFollowTheNextLinkUntilThePageIsNotFull() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(0, create(Map.of("name", "page-" + i)));
        }
        List<String> seen = new ArrayList<>();
        String next = "/v2/images?run=" + run + "&limit=3";
        int pages = 0;
        while (next != null) {
            Map<String, Object> page = given().urlEncodingEnabled(false).when().get(next).then().statusCode(200)
                    .extract().as(Map.class);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> images = (List<Map<String, Object>>) page.get("images");
            images.forEach(image -> seen.add((String) image.get("id")));
            assertTrue(((String) page.get("first")).startsWith("/v2/images?"));
            next = (String) page.get("next");
            pages++;
        }
        assertEquals(created, seen);
        assertEquals(3, pages);
        // A full last page still has a next link, which then leads to an empty page, as in Glance.
        String sixth = created.get(5);
        given().queryParam("run", run).queryParam("limit", 1).queryParam("marker", sixth).when().get("/v2/images")
                .then().statusCode(200).body("images[0].id", equalTo(created.get(6)))
                .body("next", startsWith("/v2/images?"));
        given().queryParam("run", run).queryParam("limit", 5).queryParam("marker", created.get(6))
                .when().get("/v2/images").then().statusCode(200)
                .body("images.size()", equalTo(0)).body("$", not(hasKey("next")));
        assertEquals(created.subList(2, 5), ids(list().queryParam("sort_key", "created_at")
                .queryParam("marker", created.get(1)).queryParam("limit", 3)));
        assertEquals(List.of(created.get(0)), ids(list().queryParam("sort_key", "name").queryParam("sort_dir", "asc")
                .queryParam("marker", created.get(1))));
    }

    @Test
    void limitIsCappedByTheConfiguredMaximum() {
        given().queryParam("run", run).queryParam("limit", 100000).when().get("/v2/images").then().statusCode(200);
        given().queryParam("limit", 0).when().get("/v2/images").then().statusCode(200)
                .body("images.size()", equalTo(0)).body("$", not(hasKey("next")));
    }

    @Test
    void badFiltersSortsMarkersAndLimitsAre400() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("limit", "-1"), Map.entry("marker", "nope"), Map.entry("sort_key", "flavor"),
                Map.entry("sort_dir", "sideways"), Map.entry("sort", "name:up"), Map.entry("status", "sleeping"),
                Map.entry("visibility", "everyone"), Map.entry("member_status", "maybe"),
                Map.entry("size_min", "big"), Map.entry("size_max", "-3"), Map.entry("protected", "yes"),
                Map.entry("os_hidden", "maybe"), Map.entry("created_at", "gt:yesterday"),
                Map.entry("updated_at", "2020-13-45"), Map.entry("id", "in:x,y"));
        bad.forEach((name, value) -> given().queryParam(name, value).when().get("/v2/images").then()
                .statusCode(400).body("code", equalTo(400)));
        given().queryParam("marker", UUID.randomUUID()).when().get("/v2/images").then().statusCode(400);
        given().queryParam("sort", "name").queryParam("sort_key", "name").when().get("/v2/images").then().statusCode(400);
        given().queryParam("sort_key", "name").queryParam("sort_dir", "asc").queryParam("sort_dir", "desc")
                .when().get("/v2/images").then().statusCode(400);
    }

    @Test
    void adminsListPendingDeleteImagesToRestoreThem() {
        String id = create(Map.of("name", "pending"));
        TestImages.setStatus(id, "pending_delete");
        assertEquals(List.of(), ids(list()));
        assertEquals(List.of(id), ids(list().queryParam("status", "pending_delete")));
        given().when().get("/v2/images/" + id).then().statusCode(404);
    }
}
