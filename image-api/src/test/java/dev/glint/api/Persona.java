package dev.glint.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A caller as keystonemiddleware describes it: project, user and roles in the identity headers. */
record Persona(String project, String user, String roles) {

    static Persona admin(String project) {
        return new Persona(project, "admin-" + UUID.randomUUID(), "admin,member,reader");
    }

    static Persona member(String project) {
        return new Persona(project, "user-" + UUID.randomUUID(), "member,reader");
    }

    static Persona reader(String project) {
        return new Persona(project, "reader-" + UUID.randomUUID(), "reader");
    }

    static String newProject() {
        return "p-" + UUID.randomUUID();
    }

    RequestSpecification call() {
        return given().header("X-Identity-Status", "Confirmed").header("X-Project-Id", project)
                .header("X-User-Id", user).header("X-Roles", roles);
    }

    String create(Map<String, Object> body) {
        return call().contentType(ContentType.JSON).body(body)
                .when().post("/v2/images")
                .then().statusCode(201)
                .extract().path("id");
    }

    void share(String image, String member) {
        call().contentType(ContentType.JSON).body(Map.of("member", member))
                .when().post("/v2/images/" + image + "/members").then().statusCode(200);
    }

    void setMemberStatus(String image, String status) {
        call().contentType(ContentType.JSON).body(Map.of("status", status))
                .when().put("/v2/images/" + image + "/members/" + project).then().statusCode(200);
    }
}
