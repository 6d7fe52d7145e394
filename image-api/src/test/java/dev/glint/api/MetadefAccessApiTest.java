package dev.glint.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Glance's secure-RBAC defaults for the catalog over its personas, as glance-tempest-plugin checks
 * them: a public and a private namespace in each of two projects, each holding an object, a
 * property, a tag and a resource type association. Admins do everything; members and readers read
 * their own project's and public namespaces, change nothing there (403), and never learn of another
 * project's private namespace (404).
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MetadefAccessApiTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final String project = Persona.newProject();
    private final String altProject = Persona.newProject();
    private final Persona admin = Persona.admin(project);
    /** Namespace name -> whether a caller of {@link #project} may see it. */
    private final Map<String, Boolean> seenFromProject = new LinkedHashMap<>();

    @BeforeEach
    void createNamespacesInBothProjects() {
        for (String owner : List.of(project, altProject)) {
            for (String visibility : List.of("public", "private")) {
                String name = TestNamespaces.create(admin, "Rbac-" + visibility, Map.of("owner", owner,
                        "visibility", visibility,
                        "objects", List.of(Map.of("name", "object")),
                        "properties", Map.of("property", Map.of("title", "Property", "type", "integer")),
                        "tags", List.of(Map.of("name", "tag")),
                        "resource_type_associations", List.of(Map.of("name", "OS::Nova::Flavor", "prefix", "p:"))));
                seenFromProject.put(name, owner.equals(project) || visibility.equals("public"));
            }
        }
    }

    private static List<Persona> nonAdmins(String project) {
        return List.of(Persona.member(project), Persona.reader(project));
    }

    /** Every read of a namespace and of what it holds. */
    private static final List<Function<String, String>> READS = List.of(
            ns -> TestNamespaces.path(ns),
            ns -> TestNamespaces.path(ns, "objects"),
            ns -> TestNamespaces.path(ns, "objects", "object"),
            ns -> TestNamespaces.path(ns, "properties"),
            ns -> TestNamespaces.path(ns, "properties", "property"),
            ns -> TestNamespaces.path(ns, "tags"),
            ns -> TestNamespaces.path(ns, "tags", "tag"),
            ns -> TestNamespaces.path(ns, "resource_types"));

    @Test
    void membersAndReadersReadTheirOwnAndPublicNamespacesOnly() {
        for (Persona persona : nonAdmins(project)) {
            seenFromProject.forEach((ns, seen) -> READS.forEach(read -> persona.call().when().get(read.apply(ns))
                    .then().statusCode(seen ? 200 : 404)));
            List<String> listed = persona.call().queryParam("limit", 1000).when().get(TestNamespaces.NAMESPACES)
                    .then().statusCode(200).extract().path("namespaces.namespace");
            seenFromProject.forEach((ns, seen) -> assertEquals(seen, listed.contains(ns), ns));
            // Resource types are no secret: every one is listed, whichever namespaces use it.
            persona.call().when().get("/v2/metadefs/resource_types").then().statusCode(200);
        }
    }

    @Test
    void membersAndReadersChangeNothing() {
        for (Persona persona : nonAdmins(project)) {
            persona.call().contentType(ContentType.JSON).body(Map.of("namespace", TestNamespaces.newName("Mine")))
                    .when().post(TestNamespaces.NAMESPACES).then().statusCode(403);
            seenFromProject.forEach((ns, seen) -> {
                int refused = seen ? 403 : 404;
                writes(persona, ns).forEach((what, response) -> assertEquals(refused, response.statusCode(),
                        persona.roles() + " " + what + " in " + ns + ": " + response.asString()));
            });
        }
        // Nothing was changed or removed.
        seenFromProject.keySet().forEach(ns -> admin.call().when().get(TestNamespaces.path(ns)).then().statusCode(200)
                .body("objects.size()", org.hamcrest.Matchers.equalTo(1))
                .body("tags.size()", org.hamcrest.Matchers.equalTo(1)));
    }

    /** One attempt at every change a namespace allows. */
    private static Map<String, Response> writes(Persona who, String ns) {
        Map<String, Response> responses = new LinkedHashMap<>();
        responses.put("update namespace", who.call().contentType(ContentType.JSON).body(Map.of("namespace", ns))
                .when().put(TestNamespaces.path(ns)));
        responses.put("delete namespace", who.call().when().delete(TestNamespaces.path(ns)));
        responses.put("create object", who.call().contentType(ContentType.JSON).body(Map.of("name", "other"))
                .when().post(TestNamespaces.path(ns, "objects")));
        responses.put("update object", who.call().contentType(ContentType.JSON).body(Map.of("name", "object"))
                .when().put(TestNamespaces.path(ns, "objects", "object")));
        responses.put("delete object", who.call().when().delete(TestNamespaces.path(ns, "objects", "object")));
        responses.put("delete objects", who.call().when().delete(TestNamespaces.path(ns, "objects")));
        Map<String, Object> property = Map.of("name", "property", "title", "P", "type", "string");
        responses.put("create property", who.call().contentType(ContentType.JSON).body(Map.of("name", "other",
                "title", "P", "type", "string")).when().post(TestNamespaces.path(ns, "properties")));
        responses.put("update property", who.call().contentType(ContentType.JSON).body(property)
                .when().put(TestNamespaces.path(ns, "properties", "property")));
        responses.put("delete property", who.call().when().delete(TestNamespaces.path(ns, "properties", "property")));
        responses.put("delete properties", who.call().when().delete(TestNamespaces.path(ns, "properties")));
        responses.put("create tag", who.call().when().post(TestNamespaces.path(ns, "tags", "other")));
        responses.put("create tags", who.call().contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(Map.of("name", "t1")))).when().post(TestNamespaces.path(ns, "tags")));
        responses.put("update tag", who.call().contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                .when().put(TestNamespaces.path(ns, "tags", "tag")));
        responses.put("delete tag", who.call().when().delete(TestNamespaces.path(ns, "tags", "tag")));
        responses.put("delete tags", who.call().when().delete(TestNamespaces.path(ns, "tags")));
        responses.put("associate", who.call().contentType(ContentType.JSON).body(Map.of("name", "OS::Glance::Image"))
                .when().post(TestNamespaces.path(ns, "resource_types")));
        responses.put("dissociate", who.call().when().delete(TestNamespaces.path(ns, "resource_types",
                "OS::Nova::Flavor")));
        return responses;
    }

    @Test
    void anAdminOfAnyProjectSeesAndChangesEverything() {
        Persona altAdmin = Persona.admin(altProject);
        seenFromProject.keySet().forEach(ns -> READS.forEach(read -> altAdmin.call().when().get(read.apply(ns))
                .then().statusCode(200)));
        List<String> listed = altAdmin.call().queryParam("limit", 1000).when().get(TestNamespaces.NAMESPACES)
                .then().statusCode(200).extract().path("namespaces.namespace");
        assertTrue(listed.containsAll(seenFromProject.keySet()));
        for (String ns : seenFromProject.keySet()) {
            altAdmin.call().contentType(ContentType.JSON).body(Map.of("name", "other"))
                    .when().post(TestNamespaces.path(ns, "objects")).then().statusCode(201);
            altAdmin.call().when().delete(TestNamespaces.path(ns, "tags")).then().statusCode(204);
            altAdmin.call().when().delete(TestNamespaces.path(ns, "resource_types", "OS::Nova::Flavor"))
                    .then().statusCode(204);
            altAdmin.call().when().delete(TestNamespaces.path(ns)).then().statusCode(204);
            altAdmin.call().when().get(TestNamespaces.path(ns)).then().statusCode(404);
        }
    }

    @Test
    void withoutTheReaderRoleNothingIsSeen() {
        Persona nobody = new Persona(project, "nobody", "observer");
        nobody.call().when().get(TestNamespaces.NAMESPACES).then().statusCode(403);
        seenFromProject.keySet().forEach(ns -> nobody.call().when().get(TestNamespaces.path(ns)).then().statusCode(404));
        nobody.call().when().get("/v2/metadefs/resource_types").then().statusCode(403);
        // The catalog's schemas are for everybody, as Glance's.
        nobody.call().when().get("/v2/schemas/metadefs/namespace").then().statusCode(200);
        assertFalse(seenFromProject.isEmpty());
    }
}
