package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v2/schemas/metadefs/*}: the ten schemas of the catalog, named as Glance names them. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MetadefSchemasApiTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private final Persona reader = Persona.reader(Persona.newProject());

    @Test
    void everySchemaHasGlancesName() {
        Map<String, String> names = Map.of("namespace", "namespace", "namespaces", "namespaces", "object", "object",
                "objects", "objects", "property", "property", "properties", "properties", "tag", "tag", "tags", "tags",
                "resource_type", "resource_type_association", "resource_types", "resource_type_associations");
        names.forEach((path, name) -> reader.call().when().get("/v2/schemas/metadefs/" + path).then().statusCode(200)
                .body("name", equalTo(name)));
        reader.call().when().get("/v2/schemas/metadefs/image").then().statusCode(404);
    }

    @Test
    void theSchemasDescribeWhatTheApiAccepts() {
        reader.call().when().get("/v2/schemas/metadefs/namespace").then()
                .body("required", equalTo(List.of("namespace")))
                .body("additionalProperties", equalTo(false))
                .body("properties.visibility.enum", equalTo(List.of("public", "private")))
                .body("properties.namespace.maxLength", equalTo(80))
                .body("definitions.property.additionalProperties.required", equalTo(List.of("title", "type")));
        reader.call().when().get("/v2/schemas/metadefs/property").then()
                .body("required", equalTo(List.of("type", "title", "name")))
                .body("properties.type.enum", hasItem("integer"));
        reader.call().when().get("/v2/schemas/metadefs/properties").then()
                .body("properties.properties.additionalProperties.required", equalTo(List.of("type", "title")))
                .body("links.rel", equalTo(List.of("first", "next", "describedby")));
        reader.call().when().get("/v2/schemas/metadefs/namespaces").then()
                .body("properties.namespaces.items.name", equalTo("namespace"))
                .body("definitions", hasKey("property"));
        reader.call().when().get("/v2/schemas/metadefs/resource_types").then()
                .body("properties.resource_type_associations.items.required", equalTo(List.of("name")));
    }
}
