package dev.glint.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v2/metadefs/namespaces}: create (with contents), show, list, update, delete, as an admin. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MetadefNamespacesApiTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final String project = Persona.newProject();
    private final Persona admin = Persona.admin(project);

    @Test
    void createShowUpdateAndDeleteANamespace() {
        String name = TestNamespaces.newName("Basic");
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("namespace", name, "display_name", "Basic", "description", "for a test",
                        "visibility", "public", "protected", true))
                .when().post(TestNamespaces.NAMESPACES)
                .then().statusCode(201)
                .header("Location", containsString("/v2/metadefs/namespaces/Test%3A%3ABasic%3A%3A"))
                .body("namespace", equalTo(name))
                .body("owner", equalTo(project))
                .body("visibility", equalTo("public"))
                .body("protected", equalTo(true))
                .body("self", equalTo("/v2/metadefs/namespaces/" + name))
                .body("schema", equalTo("/v2/schemas/metadefs/namespace"))
                .body("created_at", equalTo(admin.call().when().get(TestNamespaces.path(name)).path("created_at")));
        admin.call().when().get(TestNamespaces.path(name)).then().statusCode(200)
                .body("display_name", equalTo("Basic"))
                .body("description", equalTo("for a test"))
                .body("$", not(hasKey("properties")))
                .body("$", not(hasKey("objects")));
        // A protected namespace cannot be deleted.
        admin.call().when().delete(TestNamespaces.path(name)).then().statusCode(403)
                .body("message", equalTo("Metadata definition namespace " + name + " is protected and cannot be deleted."));
        // PUT replaces: what the body leaves out takes its default (private, unprotected, no description).
        admin.call().contentType(ContentType.JSON).body(Map.of("namespace", name))
                .when().put(TestNamespaces.path(name))
                .then().statusCode(200)
                .body("visibility", equalTo("private"))
                .body("protected", equalTo(false))
                .body("owner", equalTo(project))
                .body("$", not(hasKey("description")));
        admin.call().when().delete(TestNamespaces.path(name)).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(name)).then().statusCode(404)
                .body("message", equalTo("Metadata definition namespace=" + name + " was not found."));
        admin.call().when().delete(TestNamespaces.path(name)).then().statusCode(404);
    }

    @Test
    void aNamespaceIsCreatedWithItsContentsAllOrNothing() {
        String name = TestNamespaces.newName("Contents");
        Map<String, Object> body = Map.of("namespace", name, "visibility", "public",
                "resource_type_associations", List.of(Map.of("name", "OS::Glance::Image", "prefix", "hw_"),
                        Map.of("name", "OS::Nova::Flavor", "prefix", "hw:")),
                "properties", Map.of("cpu_cores", Map.of("title", "Cores", "type", "integer", "minimum", 1)),
                "objects", List.of(Map.of("name", "Topology", "required", List.of("cpu_sockets"),
                        "properties", Map.of("cpu_sockets", Map.of("title", "Sockets", "type", "integer")))),
                "tags", List.of(Map.of("name", "fast"), Map.of("name", "big")));
        admin.call().contentType(ContentType.JSON).body(body).when().post(TestNamespaces.NAMESPACES)
                .then().statusCode(201)
                .body("properties.cpu_cores.type", equalTo("integer"))
                .body("objects[0].name", equalTo("Topology"))
                .body("tags.name", equalTo(List.of("fast", "big")))
                .body("resource_type_associations.name", equalTo(List.of("OS::Glance::Image", "OS::Nova::Flavor")));
        JsonPath shown = admin.call().when().get(TestNamespaces.path(name)).then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of("title", "Cores", "type", "integer", "minimum", 1), shown.getMap("properties.cpu_cores"));
        assertEquals(List.of("cpu_sockets"), shown.getList("objects[0].required"));
        assertEquals("/v2/metadefs/namespaces/" + name + "/objects/Topology", shown.getString("objects[0].self"));
        assertEquals(List.of(Map.of("name", "fast"), Map.of("name", "big")), shown.getList("tags"));
        assertEquals("hw_", shown.getString("resource_type_associations.find { it.name == 'OS::Glance::Image' }.prefix"));

        // ?resource_type= shows the names as that resource type sees them.
        admin.call().queryParam("resource_type", "OS::Nova::Flavor").when().get(TestNamespaces.path(name))
                .then().statusCode(200)
                .body("properties", hasKey("hw:cpu_cores"))
                .body("objects[0].properties", hasKey("hw:cpu_sockets"))
                .body("objects[0].required", equalTo(List.of("hw:cpu_sockets")));
        admin.call().queryParam("resource_type", "OS::Cinder::Volume").when().get(TestNamespaces.path(name))
                .then().statusCode(200).body("properties", hasKey("cpu_cores"));

        // A second object of the same name makes the whole creation fail: no namespace is left behind.
        String broken = TestNamespaces.newName("Broken");
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("namespace", broken, "objects", List.of(Map.of("name", "twice"), Map.of("name", "twice"))))
                .when().post(TestNamespaces.NAMESPACES).then().statusCode(409);
        admin.call().when().get(TestNamespaces.path(broken)).then().statusCode(404);
    }

    @Test
    void badBodiesAreRefusedWithGlancesCodes() {
        String name = TestNamespaces.newName("Bad");
        post(Map.of("namespace", name, "visibility", "shared")).then().statusCode(400)
                .body("message", startsWith("Provided object does not match schema 'namespace'"));
        post(Map.of("namespace", name, "colour", "blue")).then().statusCode(400);
        post(Map.of("display_name", "no name")).then().statusCode(400);
        post(Map.of("namespace", "n".repeat(81))).then().statusCode(400);
        post(Map.of("namespace", name, "description", "d".repeat(501))).then().statusCode(400);
        post(Map.of("namespace", name, "properties", Map.of("p", Map.of("type", "integer")))).then().statusCode(400);
        post(Map.of("namespace", name, "self", "/elsewhere")).then().statusCode(403)
                .body("message", equalTo("Attribute 'self' is read-only."));
        post(Map.of("namespace", name, "created_at", "2020-01-01T00:00:00Z")).then().statusCode(403);
        admin.call().contentType(ContentType.JSON).body("[]").when().post(TestNamespaces.NAMESPACES)
                .then().statusCode(400);
        admin.call().when().get(TestNamespaces.path(name)).then().statusCode(404);

        post(Map.of("namespace", name)).then().statusCode(201);
        post(Map.of("namespace", name)).then().statusCode(409)
                .body("message", equalTo("The metadata definition namespace=" + name + " already exists."));
        // Renaming onto another namespace's name is 409 too.
        String other = TestNamespaces.create(admin, "Other", Map.of());
        admin.call().contentType(ContentType.JSON).body(Map.of("namespace", name))
                .when().put(TestNamespaces.path(other)).then().statusCode(409);
        String renamed = TestNamespaces.newName("Renamed");
        admin.call().contentType(ContentType.JSON).body(Map.of("namespace", renamed))
                .when().put(TestNamespaces.path(other)).then().statusCode(200)
                .body("self", equalTo("/v2/metadefs/namespaces/" + renamed));
        admin.call().when().get(TestNamespaces.path(other)).then().statusCode(404);
        admin.call().when().get(TestNamespaces.path(renamed)).then().statusCode(200);
    }

    private io.restassured.response.Response post(Map<String, Object> body) {
        return admin.call().contentType(ContentType.JSON).body(body).when().post(TestNamespaces.NAMESPACES);
    }

    @Test
    void listFiltersSortsAndPages() {
        String owner = Persona.newProject();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add(TestNamespaces.create(admin, "List" + i, Map.of("owner", owner,
                    "visibility", i % 2 == 0 ? "public" : "private",
                    "resource_type_associations", List.of(Map.of("name", i < 2 ? "OS::Nova::Aggregate"
                            : "OS::Cinder::Volume")))));
        }
        // The member of that project sees its own five; list only what this test made, by resource type and owner.
        Persona member = Persona.member(owner);
        List<String> seen = member.call().queryParam("limit", 1000).when().get(TestNamespaces.NAMESPACES)
                .then().statusCode(200).body("schema", equalTo("/v2/schemas/metadefs/namespaces"))
                .extract().path("namespaces.namespace");
        assertTrue(seen.containsAll(names));

        List<String> aggregates = member.call().queryParam("resource_types", "OS::Nova::Aggregate")
                .queryParam("limit", 1000).when().get(TestNamespaces.NAMESPACES).then().statusCode(200)
                .extract().path("namespaces.findAll { it.owner == '" + owner + "' }.namespace");
        assertEquals(List.of(names.get(1), names.get(0)), aggregates);
        List<String> privates = member.call().queryParam("visibility", "private").queryParam("limit", 1000)
                .when().get(TestNamespaces.NAMESPACES).then().statusCode(200)
                .extract().path("namespaces.findAll { it.owner == '" + owner + "' }.namespace");
        assertEquals(List.of(names.get(3), names.get(1)), privates);
        member.call().queryParam("visibility", "shared").when().get(TestNamespaces.NAMESPACES).then().statusCode(400)
                .body("message", equalTo("Invalid visibility value: shared"));
        member.call().queryParam("sort_dir", "up").when().get(TestNamespaces.NAMESPACES).then().statusCode(400);
        member.call().queryParam("sort_key", "colour").when().get(TestNamespaces.NAMESPACES).then().statusCode(400);
        member.call().queryParam("limit", -1).when().get(TestNamespaces.NAMESPACES).then().statusCode(400);
        member.call().queryParam("limit", "many").when().get(TestNamespaces.NAMESPACES).then().statusCode(400);

        // Page through the five, two at a time, sorted by name, following the next links.
        List<String> paged = new ArrayList<>();
        String link = TestNamespaces.NAMESPACES + "?sort_key=namespace&sort_dir=asc&limit=2&resource_types="
                + "OS::Nova::Aggregate,OS::Cinder::Volume";
        int pages = 0;
        while (link != null) {
            JsonPath page = member.call().urlEncodingEnabled(false).when().get(link).then().statusCode(200)
                    .body("first", startsWith("/v2/metadefs/namespaces?sort_key=namespace"))
                    .extract().jsonPath();
            List<Map<String, Object>> found = page.getList("namespaces");
            found.stream().filter(ns -> owner.equals(ns.get("owner"))).forEach(ns -> paged.add((String) ns.get("namespace")));
            link = page.getString("next");
            pages++;
            assertTrue(pages < 10_000, "paging never ended");
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String::compareTo);
        assertEquals(sorted, paged);
        member.call().queryParam("marker", "No::Such::Namespace").when().get(TestNamespaces.NAMESPACES)
                .then().statusCode(404);
        // Listed namespaces carry their resource type associations.
        member.call().queryParam("resource_types", "OS::Nova::Aggregate").when().get(TestNamespaces.NAMESPACES)
                .then().statusCode(200)
                .body("namespaces.find { it.namespace == '" + names.get(0) + "' }.resource_type_associations.name",
                        equalTo(List.of("OS::Nova::Aggregate")));
        assertNull(member.call().queryParam("limit", 1000).when().get(TestNamespaces.NAMESPACES)
                .then().extract().path("next"));
    }

    @Test
    void theOwnerStaysUnlessGivenAndOnlyAdminsSetAnother() {
        String owner = Persona.newProject();
        String name = TestNamespaces.create(admin, "Owner", Map.of("owner", owner, "visibility", "public"));
        admin.call().contentType(ContentType.JSON).body(Map.of("namespace", name, "visibility", "public",
                        "description", "changed"))
                .when().put(TestNamespaces.path(name)).then().statusCode(200)
                .body("owner", equalTo(owner)).body("description", equalTo("changed"));
        admin.call().when().get(TestNamespaces.path(name)).then().body("owner", equalTo(owner))
                .body("updated_at", not(nullValue()));
        admin.call().when().get(TestNamespaces.NAMESPACES + "?limit=1000").then()
                .body("namespaces.namespace", hasItem(name));
    }
}
