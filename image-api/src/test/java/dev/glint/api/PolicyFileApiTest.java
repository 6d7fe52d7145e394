package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's policy file (glint.policy.file, {@link PolicyFileProfile}) replaces the rules it
 * names and only those, and never lifts the token scope its defaults ask for.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(PolicyFileProfile.class)
class PolicyFileApiTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    @Test
    void rulesFromTheFileApplyAndTheOthersKeepGlancesDefaults() {
        String project = Persona.newProject();
        Persona member = Persona.member(project);
        Persona admin = Persona.admin(project);
        // publicize_image: a member publishes.
        String id = member.create(Map.of("name", "published-by-a-member", "visibility", "public"));
        Persona.reader(Persona.newProject()).call().when().get("/v2/images/" + id).then().statusCode(200);
        // '!' refuses everyone, admins too.
        admin.call().when().get("/v2/images/" + id + "/file").then().statusCode(403);
        // Untouched: readers still change nothing, other projects still cannot publish for this one.
        Persona.reader(project).call().contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/v2/images").then().statusCode(403);
        member.call().contentType(ContentType.JSON).body(Map.of("visibility", "public", "owner", Persona.newProject()))
                .when().post("/v2/images").then().statusCode(403);
    }

    @Test
    void aFoldedRuleWithEscapedQuotesReadsAsWritten() {
        String project = Persona.newProject();
        Persona member = Persona.member(project);
        String shared = member.create(Map.of("name", "shared-with-b", "visibility", "shared"));
        String other = Persona.newProject();
        member.share(shared, other);
        // Glance's default would let the member project see it; the file's get_image does not.
        Persona.member(other).call().when().get("/v2/images/" + shared).then().statusCode(404);
        Persona.reader(project).call().when().get("/v2/images/" + shared).then().statusCode(200);
        // Listing follows get_images (everyone), and shows what exists for the caller.
        Persona.member(other).call().when().get("/v2/images?member_status=all").then().statusCode(200);
    }

    @Test
    void anAliasRuleDecides() {
        String project = Persona.newProject();
        String id = Persona.admin(project).create(Map.of("name", "to-deactivate"));
        // The rule refuses an admin; the publisher passes it and meets the state check (a queued image).
        Persona.admin(project).call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(403)
                .body("message", equalTo("You are not authorized to complete deactivate action."));
        new Persona(project, "publisher-1", "publisher,reader").call()
                .when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(403)
                .body("message", equalTo("Not allowed to deactivate image in status 'queued'"));
    }

    @Test
    void theFileNeverLiftsTheTokensScope() {
        // get_images is "" (everyone) in the file, but its scope types are still Glance's: project.
        RequestSpecification systemAdmin = given().header("X-Identity-Status", "Confirmed")
                .header("X-User-Id", "system-admin").header("X-Roles", "admin,member,reader")
                .header("OpenStack-System-Scope", "all");
        systemAdmin.when().get("/v2/images").then().statusCode(403);
        String project = Persona.newProject();
        String id = Persona.member(project).create(Map.of("name", "project-image", "visibility", "public"));
        given().header("X-Identity-Status", "Confirmed").header("X-User-Id", "system-admin")
                .header("X-Roles", "admin,member,reader").header("OpenStack-System-Scope", "all")
                .when().get("/v2/images/" + id).then().statusCode(404);
        Persona.reader(Persona.newProject()).call().when().get("/v2/images").then().statusCode(200)
                .body("images.id", hasItem(id));
    }
}
