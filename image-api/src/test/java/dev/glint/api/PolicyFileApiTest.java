package dev.glint.api;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator's policy file (glint.policy.file) replaces the rules it names and only those. */
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
        String id = member.create(Map.of("name", "published-by-a-member", "visibility", "public"));
        Persona.member(Persona.newProject()).call().when().get("/v2/images/" + id).then().statusCode(200);
        // "!" refuses everyone, admins too.
        admin.call().when().get("/v2/images/" + id + "/file").then().statusCode(403);
        // Untouched: readers still change nothing, other projects still cannot publish for this one.
        Persona.reader(project).call().contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/v2/images").then().statusCode(403);
        member.call().contentType(ContentType.JSON).body(Map.of("visibility", "public", "owner", Persona.newProject()))
                .when().post("/v2/images").then().statusCode(403);
    }
}
