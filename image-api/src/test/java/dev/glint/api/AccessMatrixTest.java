package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Glance's default rules over three personas (admin of project A, member of A, member of B) and
 * an image of every visibility and membership state owned by A: who sees, lists, changes,
 * deletes, deactivates and downloads what.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class AccessMatrixTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final String run = UUID.randomUUID().toString();
    private final String projectA = Persona.newProject();
    private final String projectB = Persona.newProject();
    private final Persona adminA = Persona.admin(projectA);
    private final Persona memberA = Persona.member(projectA);
    private final Persona memberB = Persona.member(projectB);
    /** Image kind -> id. */
    private final Map<String, String> images = new LinkedHashMap<>();

    private String create(Persona who, Map<String, Object> attributes) {
        Map<String, Object> body = new HashMap<>(attributes);
        body.put("run", run);
        return who.create(body);
    }

    @BeforeEach
    void createOneImageOfEachKind() {
        images.put("public", create(adminA, Map.of("visibility", "public")));
        images.put("community", create(memberA, Map.of("visibility", "community")));
        images.put("shared-accepted", create(memberA, Map.of("visibility", "shared")));
        images.put("shared-pending", create(memberA, Map.of("visibility", "shared")));
        images.put("shared-rejected", create(memberA, Map.of("visibility", "shared")));
        images.put("shared-unshared", create(memberA, Map.of("visibility", "shared")));
        images.put("private", create(memberA, Map.of("visibility", "private")));
        images.put("hidden-public", create(adminA, Map.of("visibility", "public", "os_hidden", true)));
        memberA.share(images.get("shared-accepted"), projectB);
        memberA.share(images.get("shared-pending"), projectB);
        memberA.share(images.get("shared-rejected"), projectB);
        memberB.setMemberStatus(images.get("shared-accepted"), "accepted");
        memberB.setMemberStatus(images.get("shared-rejected"), "rejected");
    }

    private Set<String> kinds(Persona who, Map<String, String> filters) {
        List<String> ids = who.call().queryParam("run", run).queryParams(filters).when().get("/v2/images")
                .then().statusCode(200).extract().path("images.id");
        Set<String> kinds = new TreeSet<>();
        images.forEach((kind, id) -> {
            if (ids.contains(id)) {
                kinds.add(kind);
            }
        });
        return kinds;
    }

    private static Set<String> set(String... kinds) {
        return new TreeSet<>(List.of(kinds));
    }

    @Test
    void showFollowsVisibilityAndMembership() {
        Set<String> seenByB = set("public", "community", "shared-accepted", "shared-pending", "shared-rejected",
                "hidden-public");
        images.forEach((kind, id) -> {
            adminA.call().when().get("/v2/images/" + id).then().statusCode(200);
            memberA.call().when().get("/v2/images/" + id).then().statusCode(200);
            memberB.call().when().get("/v2/images/" + id).then().statusCode(seenByB.contains(kind) ? 200 : 404);
        });
    }

    @Test
    void defaultListingsAndVisibilityFilters() {
        Set<String> allButHidden = set("public", "community", "shared-accepted", "shared-pending", "shared-rejected",
                "shared-unshared", "private");
        assertEquals(allButHidden, kinds(adminA, Map.of()));
        assertEquals(allButHidden, kinds(memberA, Map.of()));
        assertEquals(set("public", "shared-accepted"), kinds(memberB, Map.of()));
        assertEquals(set("community"), kinds(memberB, Map.of("visibility", "community")));
        assertEquals(set("shared-accepted"), kinds(memberB, Map.of("visibility", "shared")));
        assertEquals(set("shared-pending"), kinds(memberB, Map.of("visibility", "shared", "member_status", "pending")));
        // Without a visibility, Glance lists public and own images plus the shared ones in that status.
        assertEquals(set("public", "shared-rejected"), kinds(memberB, Map.of("member_status", "rejected")));
        assertEquals(set("shared-accepted", "shared-pending", "shared-rejected"),
                kinds(memberB, Map.of("visibility", "shared", "member_status", "all")));
        assertEquals(set(), kinds(memberB, Map.of("visibility", "private")));
        assertEquals(set("private"), kinds(memberA, Map.of("visibility", "private")));
        assertEquals(set("public", "community", "shared-accepted"), kinds(memberB, Map.of("visibility", "all")));
        assertEquals(set("hidden-public"), kinds(memberB, Map.of("os_hidden", "true")));
        assertEquals(set("private"), kinds(adminA, Map.of("visibility", "private")));
        // Community images of other projects stay out of default listings, admins' included.
        Persona adminB = Persona.admin(projectB);
        assertEquals(set("public", "shared-accepted", "shared-pending", "shared-rejected", "shared-unshared",
                "private"), kinds(adminB, Map.of()));
        assertEquals(set("community"), kinds(adminB, Map.of("visibility", "community")));
    }

    @Test
    void onlyTheOwnerProjectChangesAndDeletes() {
        String rename = "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"renamed\"}]";
        Map<String, Integer> byB = Map.of("public", 403, "community", 403, "shared-accepted", 403,
                "shared-pending", 403, "shared-rejected", 403, "shared-unshared", 404, "private", 404,
                "hidden-public", 403);
        images.forEach((kind, id) -> {
            memberB.call().contentType("application/openstack-images-v2.1-json-patch").body(rename.getBytes())
                    .when().patch("/v2/images/" + id).then().statusCode(byB.get(kind));
            memberB.call().when().delete("/v2/images/" + id).then().statusCode(byB.get(kind));
            memberB.call().when().put("/v2/images/" + id + "/tags/t").then().statusCode(byB.get(kind));
            memberA.call().contentType("application/openstack-images-v2.1-json-patch").body(rename.getBytes())
                    .when().patch("/v2/images/" + id).then().statusCode(200);
        });
        Persona readerA = Persona.reader(projectA);
        readerA.call().contentType("application/openstack-images-v2.1-json-patch").body(rename.getBytes())
                .when().patch("/v2/images/" + images.get("private")).then().statusCode(403);
        readerA.call().when().delete("/v2/images/" + images.get("private")).then().statusCode(403);
        readerA.call().contentType(ContentType.JSON).body(Map.of("name", "r")).when().post("/v2/images")
                .then().statusCode(403);
        memberA.call().when().delete("/v2/images/" + images.get("private")).then().statusCode(204);
        adminA.call().when().get("/v2/images/" + images.get("private")).then().statusCode(404);
    }

    @Test
    void publicizingAndOwnerChangesAreForAdmins() {
        memberA.call().contentType(ContentType.JSON).body(Map.of("visibility", "public")).when().post("/v2/images")
                .then().statusCode(403);
        memberA.call().contentType(ContentType.JSON).body(Map.of("owner", projectB)).when().post("/v2/images")
                .then().statusCode(403);
        String id = images.get("private");
        memberA.call().contentType("application/openstack-images-v2.1-json-patch")
                .body(("[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]").getBytes())
                .when().patch("/v2/images/" + id).then().statusCode(403);
        memberA.call().contentType("application/openstack-images-v2.1-json-patch")
                .body(("[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"" + projectB + "\"}]").getBytes())
                .when().patch("/v2/images/" + id).then().statusCode(403);
        adminA.call().contentType("application/openstack-images-v2.1-json-patch")
                .body(("[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"" + projectB + "\"}]").getBytes())
                .when().patch("/v2/images/" + id).then().statusCode(200)
                .body("owner", org.hamcrest.Matchers.equalTo(projectB));
        memberB.call().when().get("/v2/images/" + id).then().statusCode(200);
        String made = adminA.create(Map.of("name", "for-b", "owner", projectB));
        memberB.call().when().get("/v2/images/" + made).then().statusCode(200)
                .body("owner", org.hamcrest.Matchers.equalTo(projectB));
    }

    @Test
    void deactivationIsForAdminsAndOwnerMembersAndBlocksOtherDownloads() {
        String id = images.get("public");
        Persona readerA = Persona.reader(projectA);
        adminA.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(403);
        TestImages.setStatus(id, "active");
        // Glance's default deactivate/reactivate rules: admins, and members of the owning project.
        memberB.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(403);
        readerA.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(403);
        adminA.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(204);
        adminA.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(204);
        adminA.call().when().get("/v2/images/" + id).then().body("status", org.hamcrest.Matchers.equalTo("deactivated"));
        memberB.call().when().get("/v2/images/" + id + "/file").then().statusCode(403);
        memberA.call().when().get("/v2/images/" + id + "/file").then().statusCode(403);
        adminA.call().when().get("/v2/images/" + id + "/file").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        memberA.call().contentType("application/octet-stream").body(new byte[] {1})
                .when().put("/v2/images/" + id + "/file").then().statusCode(409);
        memberB.call().when().post("/v2/images/" + id + "/actions/reactivate").then().statusCode(403);
        readerA.call().when().post("/v2/images/" + id + "/actions/reactivate").then().statusCode(403);
        memberA.call().when().post("/v2/images/" + id + "/actions/reactivate").then().statusCode(204);
        adminA.call().when().post("/v2/images/" + id + "/actions/reactivate").then().statusCode(204);
        adminA.call().when().get("/v2/images/" + id).then().body("status", org.hamcrest.Matchers.equalTo("active"));
        memberA.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(204);
        adminA.call().when().post("/v2/images/" + id + "/actions/reactivate").then().statusCode(204);
        adminA.call().when().post("/v2/images/" + images.get("private") + "/actions/reactivate").then().statusCode(403);
        adminA.call().when().post("/v2/images/" + UUID.randomUUID() + "/actions/deactivate").then().statusCode(404);
    }

    @Test
    void readersLookButNeitherChangeNorDownload() {
        Persona readerA = Persona.reader(projectA);
        Persona readerB = Persona.reader(projectB);
        String id = images.get("private");
        readerA.call().when().get("/v2/images/" + id).then().statusCode(200);
        readerA.call().when().get("/v2/images").then().statusCode(200);
        readerA.call().when().get("/v2/images/" + images.get("shared-accepted") + "/members").then().statusCode(200);
        readerA.call().when().put("/v2/images/" + id + "/tags/t").then().statusCode(403);
        readerA.call().contentType("application/octet-stream").body(new byte[] {1})
                .when().put("/v2/images/" + id + "/file").then().statusCode(403);
        readerA.call().when().get("/v2/images/" + id + "/file").then().statusCode(403);
        readerA.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(403);
        readerA.call().contentType(ContentType.JSON).body(Map.of("member", projectB))
                .when().post("/v2/images/" + images.get("shared-unshared") + "/members").then().statusCode(403);
        readerB.call().contentType(ContentType.JSON).body(Map.of("status", "accepted"))
                .when().put("/v2/images/" + images.get("shared-pending") + "/members/" + projectB).then().statusCode(403);
        readerB.call().when().get("/v2/images/" + images.get("shared-pending")).then().statusCode(200);
        // No role at all: Glance's rules need reader even to list.
        new Persona(projectA, "nobody", "").call().when().get("/v2/images").then().statusCode(403);
        new Persona(projectA, "nobody", "").call().when().get("/v2/images/" + id).then().statusCode(404);
    }

    @Test
    void onlyTheMemberChangesItsStatusAndOnlyTheOwnerShares() {
        String pending = images.get("shared-pending");
        memberA.call().contentType(ContentType.JSON).body(Map.of("status", "accepted"))
                .when().put("/v2/images/" + pending + "/members/" + projectB).then().statusCode(403);
        memberB.call().contentType(ContentType.JSON).body(Map.of("member", Persona.newProject()))
                .when().post("/v2/images/" + pending + "/members").then().statusCode(403);
        memberB.call().when().delete("/v2/images/" + pending + "/members/" + projectB).then().statusCode(403);
        memberB.setMemberStatus(pending, "accepted");
        memberA.call().when().delete("/v2/images/" + pending + "/members/" + projectB).then().statusCode(204);
    }

    @Test
    void anAdminAnswersForAMember() {
        // Glance 25's modify_member: role:admin or (role:member and project_id:%(member_id)s).
        String pending = images.get("shared-pending");
        adminA.call().contentType(ContentType.JSON).body(Map.of("status", "accepted"))
                .when().put("/v2/images/" + pending + "/members/" + projectB).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("accepted"));
    }

    /** A system-scoped admin token, as keystonemiddleware passes it on. */
    private static io.restassured.specification.RequestSpecification systemAdmin() {
        return given().header("X-Identity-Status", "Confirmed").header("X-User-Id", "system-admin")
                .header("X-Roles", "admin,member,reader").header("OpenStack-System-Scope", "all");
    }

    @Test
    void aSystemScopedAdminSeesNoProjectResources() {
        // glance-tempest-plugin's RBAC tests: 403 to list or create, 404 for any image.
        systemAdmin().when().get("/v2/images").then().statusCode(403);
        systemAdmin().contentType(ContentType.JSON).body(Map.of("name", "x")).when().post("/v2/images")
                .then().statusCode(403);
        for (String kind : List.of("public", "community", "private", "shared-accepted")) {
            String id = images.get(kind);
            systemAdmin().when().get("/v2/images/" + id).then().statusCode(404);
            systemAdmin().contentType("application/openstack-images-v2.1-json-patch")
                    .body("[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"y\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().patch("/v2/images/" + id).then().statusCode(404);
            systemAdmin().when().get("/v2/images/" + id + "/file").then().statusCode(404);
            systemAdmin().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(404);
            systemAdmin().when().get("/v2/images/" + id + "/members").then().statusCode(404);
            systemAdmin().when().delete("/v2/images/" + id).then().statusCode(404);
        }
        systemAdmin().when().get("/v2/tasks").then().statusCode(403);
        // A domain-scoped admin token is no project's either.
        given().header("X-Identity-Status", "Confirmed").header("X-User-Id", "domain-admin")
                .header("X-Roles", "admin").header("X-Domain-Id", "default")
                .when().get("/v2/images").then().statusCode(403);
        // The same roles in a project: everything.
        adminA.call().when().get("/v2/images/" + images.get("private")).then().statusCode(200);
        // A token is scoped to one thing; a system scope is 'all' or nothing.
        systemAdmin().header("X-Project-Id", projectA).when().get("/v2/images").then().statusCode(400);
        given().header("X-Identity-Status", "Confirmed").header("X-User-Id", "u").header("X-Roles", "admin")
                .header("OpenStack-System-Scope", "some").when().get("/v2/images").then().statusCode(400);
    }

    @Test
    void identityHeadersAreRequiredAndMayNotRepeat() {
        given().when().get("/v2/images").then().statusCode(401)
                .header("X-Openstack-Request-Id", org.hamcrest.Matchers.startsWith("req-"));
        given().header("X-Identity-Status", "Invalid").header("X-Project-Id", projectA).header("X-Roles", "admin")
                .when().get("/v2/images").then().statusCode(401);
        given().when().get("/v2/schemas/image").then().statusCode(401);
        given().when().get("/versions").then().statusCode(200);
        memberA.call().header("X-Roles", "admin").when().get("/v2/images").then().statusCode(400)
                .header("X-Openstack-Request-Id", org.hamcrest.Matchers.startsWith("req-"));
        memberA.call().header("X-Project-Id", projectB).when().get("/v2/images").then().statusCode(400);
        memberA.call().contentType(ContentType.JSON).header("X-Roles", "admin").body(Map.of("visibility", "public"))
                .when().post("/v2/images").then().statusCode(400);
    }
}
