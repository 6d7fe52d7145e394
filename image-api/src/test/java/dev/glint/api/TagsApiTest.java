package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PUT and DELETE /v2/images/{id}/tags/{tag}, with the tag quota of {@link TrustedHeadersProfile} (10). */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class TagsApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final Persona owner = Persona.member(Persona.newProject());

    @Test
    void addIsIdempotentAndDeleteOfAMissingTagIs404() {
        String id = owner.create(Map.of("name", "tagged", "tags", List.of("a")));
        owner.call().when().put("/v2/images/" + id + "/tags/b").then().statusCode(204);
        owner.call().when().put("/v2/images/" + id + "/tags/b").then().statusCode(204);
        owner.call().when().put("/v2/images/{id}/tags/{tag}", id, "café").then().statusCode(204);
        owner.call().when().get("/v2/images/" + id).then().body("tags", equalTo(List.of("a", "b", "café")));
        owner.call().when().delete("/v2/images/" + id + "/tags/a").then().statusCode(204);
        owner.call().when().delete("/v2/images/" + id + "/tags/a").then().statusCode(404)
                .body("message", equalTo("Tag a not found."));
        owner.call().when().get("/v2/images/" + id).then().body("tags", equalTo(List.of("b", "café")));
    }

    @Test
    void tooLongTagsAre400AndTheQuotaIs413() {
        String id = owner.create(Map.of("name", "limits"));
        owner.call().when().put("/v2/images/" + id + "/tags/" + "t".repeat(256)).then().statusCode(400);
        for (int i = 0; i < 10; i++) {
            owner.call().when().put("/v2/images/" + id + "/tags/t" + i).then().statusCode(204);
        }
        owner.call().when().put("/v2/images/" + id + "/tags/one-more").then().statusCode(413);
        owner.call().when().put("/v2/images/" + id + "/tags/t3").then().statusCode(204);
        owner.call().when().get("/v2/images/" + id).then().body("tags.size()", equalTo(10));
    }

    @Test
    void unknownImagesAre404AndOthersImages403() {
        owner.call().when().put("/v2/images/" + java.util.UUID.randomUUID() + "/tags/x").then().statusCode(404);
        String id = Persona.admin(owner.project()).create(Map.of("name", "pub", "visibility", "public"));
        Persona.member(Persona.newProject()).call().when().put("/v2/images/" + id + "/tags/x").then().statusCode(403);
        Persona.member(Persona.newProject()).call().when().delete("/v2/images/" + id + "/tags/x").then()
                .statusCode(403);
    }
}
