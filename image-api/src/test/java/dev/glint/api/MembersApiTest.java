package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Image members: the owner shares, the member accepts or rejects, the owner removes. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MembersApiTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final Persona owner = Persona.member(Persona.newProject());
    private final Persona member = Persona.member(Persona.newProject());
    private final Persona stranger = Persona.member(Persona.newProject());

    @Test
    void shareAcceptListShowAndRemove() {
        String id = owner.create(Map.of("name", "shared", "visibility", "shared"));
        owner.call().contentType(ContentType.JSON).body(Map.of("member", member.project()))
                .when().post("/v2/images/" + id + "/members").then().statusCode(200)
                .body("member_id", equalTo(member.project()))
                .body("image_id", equalTo(id))
                .body("status", equalTo("pending"))
                .body("schema", equalTo("/v2/schemas/member"))
                .body("$", hasKey("created_at")).body("$", hasKey("updated_at"));
        owner.call().contentType(ContentType.JSON).body(Map.of("member", member.project()))
                .when().post("/v2/images/" + id + "/members").then().statusCode(409);
        owner.share(id, stranger.project());
        owner.call().when().get("/v2/images/" + id + "/members").then().statusCode(200)
                .body("members.size()", equalTo(2)).body("schema", equalTo("/v2/schemas/members"));
        member.call().when().get("/v2/images/" + id + "/members").then().statusCode(200)
                .body("members.member_id", equalTo(List.of(member.project())));
        member.call().when().get("/v2/images/" + id + "/members/" + member.project()).then().statusCode(200)
                .body("status", equalTo("pending"));
        member.call().when().get("/v2/images/" + id + "/members/" + stranger.project()).then().statusCode(404);

        member.call().when().get("/v2/images").then().body("images.id", not(org.hamcrest.Matchers.hasItem(id)));
        member.setMemberStatus(id, "accepted");
        member.call().when().get("/v2/images").then().body("images.id", org.hamcrest.Matchers.hasItem(id));
        member.call().when().get("/v2/images/" + id + "/members/" + member.project()).then()
                .body("status", equalTo("accepted"));
        owner.call().contentType(ContentType.JSON).body(Map.of("status", "rejected"))
                .when().put("/v2/images/" + id + "/members/" + member.project()).then().statusCode(403);
        member.call().contentType(ContentType.JSON).body(Map.of("status", "maybe"))
                .when().put("/v2/images/" + id + "/members/" + member.project()).then().statusCode(400);
        member.call().contentType(ContentType.JSON).body(Map.of("status", "rejected"))
                .when().put("/v2/images/" + id + "/members/" + stranger.project()).then().statusCode(404);

        member.call().when().delete("/v2/images/" + id + "/members/" + member.project()).then().statusCode(403);
        owner.call().when().delete("/v2/images/" + id + "/members/" + member.project()).then().statusCode(204);
        owner.call().when().delete("/v2/images/" + id + "/members/" + member.project()).then().statusCode(404);
        member.call().when().get("/v2/images/" + id).then().statusCode(404);
    }

    @Test
    void onlyOwnersShareAndOnlySharedImagesHaveMembers() {
        String privateImage = owner.create(Map.of("name", "private", "visibility", "private"));
        owner.call().contentType(ContentType.JSON).body(Map.of("member", member.project()))
                .when().post("/v2/images/" + privateImage + "/members").then().statusCode(403);
        owner.call().when().get("/v2/images/" + privateImage + "/members").then().statusCode(403);
        String publicImage = Persona.admin(owner.project()).create(Map.of("name", "pub", "visibility", "public"));
        stranger.call().contentType(ContentType.JSON).body(Map.of("member", stranger.project()))
                .when().post("/v2/images/" + publicImage + "/members").then().statusCode(403);
        String shared = owner.create(Map.of("name", "shared", "visibility", "shared"));
        stranger.call().contentType(ContentType.JSON).body(Map.of("member", stranger.project()))
                .when().post("/v2/images/" + shared + "/members").then().statusCode(404);
        stranger.call().when().get("/v2/images/" + shared + "/members").then().statusCode(404);
        owner.call().contentType(ContentType.JSON).body(Map.of("member", 5))
                .when().post("/v2/images/" + shared + "/members").then().statusCode(400);
        owner.call().contentType(ContentType.JSON).body(Map.of("nobody", "x"))
                .when().post("/v2/images/" + shared + "/members").then().statusCode(400);
        owner.call().contentType(ContentType.JSON).body("[]")
                .when().post("/v2/images/" + shared + "/members").then().statusCode(400);
    }

    @Test
    void memberQuotaIs413() {
        String id = owner.create(Map.of("name", "popular", "visibility", "shared"));
        for (int i = 0; i < 3; i++) {
            owner.share(id, Persona.newProject());
        }
        owner.call().contentType(ContentType.JSON).body(Map.of("member", Persona.newProject()))
                .when().post("/v2/images/" + id + "/members").then().statusCode(413);
    }
}
