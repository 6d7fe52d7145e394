package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a namespace holds: objects, properties, tags and resource type associations, every call, as an admin. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MetadefContentsApiTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final Persona admin = Persona.admin(Persona.newProject());

    @Test
    void objects() {
        String ns = TestNamespaces.create(admin, "Objects", Map.of("visibility", "public"));
        Map<String, Object> limits = Map.of("name", "CPU Limits", "description", "cpu quotas",
                "required", List.of("quota:cpu_period"),
                "properties", Map.of("quota:cpu_period", Map.of("title", "Period", "type", "integer",
                        "minimum", 1000, "maximum", 1000000)));
        admin.call().contentType(ContentType.JSON).body(limits).when().post(TestNamespaces.path(ns, "objects"))
                .then().statusCode(201)
                .body("name", equalTo("CPU Limits"))
                .body("required", equalTo(List.of("quota:cpu_period")))
                .body("properties.'quota:cpu_period'.maximum", equalTo(1000000))
                .body("self", equalTo("/v2/metadefs/namespaces/" + ns + "/objects/CPU Limits"))
                .body("schema", equalTo("/v2/schemas/metadefs/object"))
                .body("created_at", not(equalTo(null)));
        admin.call().contentType(ContentType.JSON).body(limits).when().post(TestNamespaces.path(ns, "objects"))
                .then().statusCode(409);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "x", "properties", Map.of("p", Map.of("type",
                "integer", "title", "P", "unknown", 1)))).when().post(TestNamespaces.path(ns, "objects"))
                .then().statusCode(400);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "x", "self", "y"))
                .when().post(TestNamespaces.path(ns, "objects")).then().statusCode(403);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "Disk QoS"))
                .when().post(TestNamespaces.path(ns, "objects")).then().statusCode(201)
                .body("$", not(hasKey("required")));

        admin.call().when().get(TestNamespaces.path(ns, "objects")).then().statusCode(200)
                .body("objects.name", equalTo(List.of("CPU Limits", "Disk QoS")))
                .body("schema", equalTo("/v2/schemas/metadefs/objects"));
        admin.call().when().get(TestNamespaces.path(ns, "objects", "CPU Limits")).then().statusCode(200)
                .body("description", equalTo("cpu quotas"));
        admin.call().when().get(TestNamespaces.path(ns, "objects", "nothing")).then().statusCode(404)
                .body("message", equalTo("The metadata definition object with name=nothing was not found in namespace="
                        + ns + "."));

        // PUT replaces the whole object and may rename it.
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "CPU")).when()
                .put(TestNamespaces.path(ns, "objects", "CPU Limits")).then().statusCode(200)
                .body("name", equalTo("CPU"))
                .body("$", not(hasKey("description")))
                .body("properties", equalTo(Map.of()));
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "Disk QoS")).when()
                .put(TestNamespaces.path(ns, "objects", "CPU")).then().statusCode(409);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "Any")).when()
                .put(TestNamespaces.path(ns, "objects", "CPU Limits")).then().statusCode(404);

        admin.call().when().delete(TestNamespaces.path(ns, "objects", "CPU")).then().statusCode(204);
        admin.call().when().delete(TestNamespaces.path(ns, "objects", "CPU")).then().statusCode(404);
        admin.call().when().get(TestNamespaces.path(ns, "objects")).then()
                .body("objects.name", equalTo(List.of("Disk QoS")));
        admin.call().when().delete(TestNamespaces.path(ns, "objects")).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(ns, "objects")).then().body("objects", equalTo(List.of()));
        admin.call().when().get(TestNamespaces.path("No::Such", "objects")).then().statusCode(404);
    }

    @Test
    void properties() {
        String ns = TestNamespaces.create(admin, "Properties", Map.of("resource_type_associations",
                List.of(Map.of("name", "OS::Glance::Image", "prefix", "hw_"))));
        Map<String, Object> bus = Map.of("name", "disk_bus", "title", "Disk Bus", "type", "string",
                "enum", List.of("scsi", "virtio", "ide"), "description", "The disk controller.");
        Map<String, Object> created = admin.call().contentType(ContentType.JSON).body(bus)
                .when().post(TestNamespaces.path(ns, "properties")).then().statusCode(201)
                .extract().jsonPath().getMap("$");
        assertEquals(Map.of("name", "disk_bus", "title", "Disk Bus", "type", "string",
                "enum", List.of("scsi", "virtio", "ide"), "description", "The disk controller."), created);
        assertEquals(created, admin.call().when().get(TestNamespaces.path(ns, "properties", "disk_bus"))
                .then().statusCode(200).extract().jsonPath().getMap("$"));
        admin.call().contentType(ContentType.JSON).body(bus).when().post(TestNamespaces.path(ns, "properties"))
                .then().statusCode(409);
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("name", "p", "type", "string"),
                Map.<String, Object>of("name", "p", "title", "P", "type", "colour"),
                Map.<String, Object>of("name", "p", "title", "P", "type", "integer", "minimum", "low"),
                Map.<String, Object>of("name", "p", "title", "P", "type", "string", "maxLength", -1),
                Map.<String, Object>of("title", "P", "type", "string"),
                Map.<String, Object>of("name", "p", "title", "P", "type", "string", "size", 3))) {
            admin.call().contentType(ContentType.JSON).body(bad).when().post(TestNamespaces.path(ns, "properties"))
                    .then().statusCode(400).body("message", startsWith("Provided object does not match schema 'property'"));
        }
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("name", "p", "title", "P", "type", "string", "created_at", "now"))
                .when().post(TestNamespaces.path(ns, "properties")).then().statusCode(403);

        admin.call().when().get(TestNamespaces.path(ns, "properties")).then().statusCode(200)
                .body("properties.disk_bus.title", equalTo("Disk Bus"));
        // With ?resource_type=, the name is the one that resource type uses.
        admin.call().queryParam("resource_type", "OS::Glance::Image")
                .when().get(TestNamespaces.path(ns, "properties", "hw_disk_bus")).then().statusCode(200)
                .body("name", equalTo("disk_bus"));
        admin.call().queryParam("resource_type", "OS::Glance::Image")
                .when().get(TestNamespaces.path(ns, "properties", "disk_bus")).then().statusCode(404);
        admin.call().queryParam("resource_type", "OS::Nova::Flavor")
                .when().get(TestNamespaces.path(ns, "properties", "hw_disk_bus")).then().statusCode(404);

        admin.call().contentType(ContentType.JSON)
                .body(Map.of("name", "disk_controller", "title", "Controller", "type", "string"))
                .when().put(TestNamespaces.path(ns, "properties", "disk_bus")).then().statusCode(200)
                .body("name", equalTo("disk_controller"))
                .body("$", not(hasKey("enum")));
        admin.call().when().get(TestNamespaces.path(ns, "properties", "disk_bus")).then().statusCode(404);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "cores", "title", "Cores", "type", "integer"))
                .when().post(TestNamespaces.path(ns, "properties")).then().statusCode(201);
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("name", "cores", "title", "Controller", "type", "string"))
                .when().put(TestNamespaces.path(ns, "properties", "disk_controller")).then().statusCode(409);
        admin.call().when().delete(TestNamespaces.path(ns, "properties", "cores")).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(ns, "properties")).then()
                .body("properties.keySet()", equalTo(java.util.Set.of("disk_controller")));
        admin.call().when().delete(TestNamespaces.path(ns, "properties")).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(ns, "properties")).then().body("properties", equalTo(Map.of()));
    }

    @Test
    void tags() {
        String ns = TestNamespaces.create(admin, "Tags", Map.of());
        admin.call().when().post(TestNamespaces.path(ns, "tags", "sample-tag")).then().statusCode(201)
                .body("name", equalTo("sample-tag")).body("created_at", not(equalTo(null)));
        admin.call().when().post(TestNamespaces.path(ns, "tags", "SAMPLE-TAG")).then().statusCode(409);
        admin.call().when().post(TestNamespaces.path(ns, "tags", "t".repeat(81))).then().statusCode(400);
        admin.call().when().get(TestNamespaces.path(ns, "tags", "sample-tag")).then().statusCode(200)
                .body("name", equalTo("sample-tag"));

        // A list replaces the tags, unless X-Openstack-Append says to add to them.
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(Map.of("name", "b"), Map.of("name", "a"), Map.of("name", "c"))))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(201)
                .body("tags", equalTo(List.of(Map.of("name", "b"), Map.of("name", "a"), Map.of("name", "c"))));
        admin.call().when().get(TestNamespaces.path(ns, "tags", "sample-tag")).then().statusCode(404);
        admin.call().header("X-Openstack-Append", "True").contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(Map.of("name", "d"))))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(201);
        admin.call().header("X-Openstack-Append", "true").contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(Map.of("name", "e"), Map.of("name", "A"))))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(409);
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(Map.of("name", "x"), Map.of("name", "x"))))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(409);
        admin.call().contentType(ContentType.JSON).body(Map.of("tags", List.of(Map.of("label", "x"))))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(400);
        admin.call().contentType(ContentType.JSON).body(Map.of("tags", List.of()))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(201).body("tags", equalTo(List.of()));

        admin.call().queryParam("sort_key", "name").queryParam("sort_dir", "asc")
                .when().get(TestNamespaces.path(ns, "tags")).then().statusCode(200)
                .body("tags.name", equalTo(List.of("a", "b", "c", "d")));
        admin.call().queryParam("sort_key", "name").queryParam("sort_dir", "asc").queryParam("marker", "b")
                .queryParam("limit", 1).when().get(TestNamespaces.path(ns, "tags")).then().statusCode(200)
                .body("tags.name", equalTo(List.of("c")));
        admin.call().queryParam("sort_key", "name").queryParam("sort_dir", "desc").queryParam("limit", 2)
                .when().get(TestNamespaces.path(ns, "tags")).then().body("tags.name", equalTo(List.of("d", "c")));
        admin.call().queryParam("marker", "nothing").when().get(TestNamespaces.path(ns, "tags")).then().statusCode(404);
        admin.call().queryParam("sort_key", "colour").when().get(TestNamespaces.path(ns, "tags")).then().statusCode(400);

        admin.call().contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                .when().put(TestNamespaces.path(ns, "tags", "a")).then().statusCode(200)
                .body("name", equalTo("renamed"));
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "B"))
                .when().put(TestNamespaces.path(ns, "tags", "renamed")).then().statusCode(409);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "C"))
                .when().put(TestNamespaces.path(ns, "tags", "c")).then().statusCode(200);
        admin.call().when().delete(TestNamespaces.path(ns, "tags", "renamed")).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(ns, "tags", "renamed")).then().statusCode(404);
        admin.call().when().get(TestNamespaces.path(ns)).then().body("tags.name", hasItem("C"));
        admin.call().when().delete(TestNamespaces.path(ns, "tags")).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(ns, "tags")).then().body("tags", equalTo(List.of()));
    }

    @Test
    void resourceTypesAndAssociations() {
        List<String> seeded = admin.call().when().get("/v2/metadefs/resource_types").then().statusCode(200)
                .extract().path("resource_types.name");
        assertEquals(true, seeded.containsAll(List.of("OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor",
                "OS::Nova::Aggregate", "OS::Nova::Server")), seeded.toString());

        String ns = TestNamespaces.create(admin, "Associations", Map.of());
        String newType = "Test::Type::" + java.util.UUID.randomUUID();
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("name", newType, "prefix", "test:", "properties_target", "image"))
                .when().post(TestNamespaces.path(ns, "resource_types")).then().statusCode(201)
                .body("name", equalTo(newType)).body("prefix", equalTo("test:"))
                .body("properties_target", equalTo("image")).body("created_at", not(equalTo(null)));
        admin.call().contentType(ContentType.JSON).body(Map.of("name", newType))
                .when().post(TestNamespaces.path(ns, "resource_types")).then().statusCode(409);
        admin.call().contentType(ContentType.JSON).body(Map.of("prefix", "x"))
                .when().post(TestNamespaces.path(ns, "resource_types")).then().statusCode(400);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "OS::Glance::Image"))
                .when().post(TestNamespaces.path(ns, "resource_types")).then().statusCode(201)
                .body("$", not(hasKey("prefix")));
        // Associating an unknown name created the resource type.
        admin.call().when().get("/v2/metadefs/resource_types").then().body("resource_types.name", hasItem(newType));
        admin.call().when().get(TestNamespaces.path(ns, "resource_types")).then().statusCode(200)
                .body("resource_type_associations.name", equalTo(List.of(newType, "OS::Glance::Image")));

        admin.call().when().delete(TestNamespaces.path(ns, "resource_types", newType)).then().statusCode(204);
        admin.call().when().delete(TestNamespaces.path(ns, "resource_types", newType)).then().statusCode(404);
        admin.call().when().get(TestNamespaces.path(ns, "resource_types")).then()
                .body("resource_type_associations.name", equalTo(List.of("OS::Glance::Image")));
        // The resource type itself stays.
        admin.call().when().get("/v2/metadefs/resource_types").then().body("resource_types.name", hasItem(newType));
        // Deleting the namespace takes its associations (and everything else in it) along.
        admin.call().when().delete(TestNamespaces.path(ns)).then().statusCode(204);
        admin.call().when().get(TestNamespaces.path(ns, "resource_types")).then().statusCode(404);
    }

    @Test
    void aProtectedNamespaceKeepsWhatItHolds() {
        String ns = TestNamespaces.create(admin, "Protected", Map.of("protected", true,
                "objects", List.of(Map.of("name", "o")),
                "properties", Map.of("p", Map.of("title", "P", "type", "string")),
                "tags", List.of(Map.of("name", "t")),
                "resource_type_associations", List.of(Map.of("name", "OS::Nova::Flavor"))));
        admin.call().when().delete(TestNamespaces.path(ns, "objects", "o")).then().statusCode(403)
                .body("message", equalTo("Metadata definition object o is protected and cannot be deleted."));
        admin.call().when().delete(TestNamespaces.path(ns, "properties", "p")).then().statusCode(403);
        admin.call().when().delete(TestNamespaces.path(ns, "tags", "t")).then().statusCode(403);
        admin.call().when().delete(TestNamespaces.path(ns, "resource_types", "OS::Nova::Flavor")).then().statusCode(403);
        for (String all : List.of("objects", "properties", "tags")) {
            admin.call().when().delete(TestNamespaces.path(ns, all)).then().statusCode(403);
        }
        admin.call().when().get(TestNamespaces.path(ns)).then().statusCode(200)
                .body("objects.name", equalTo(List.of("o")))
                .body("properties", hasKey("p"))
                .body("tags.name", equalTo(List.of("t")))
                .body("resource_type_associations.name", equalTo(List.of("OS::Nova::Flavor")));
        // Changing what it holds is allowed; only removal is not.
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "o", "description", "still here"))
                .when().put(TestNamespaces.path(ns, "objects", "o")).then().statusCode(200);
    }
}
