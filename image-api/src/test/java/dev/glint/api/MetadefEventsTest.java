package dev.glint.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.Topics;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.OutboxRecord;
import dev.glint.persistence.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every change to the catalog writes Glance's notification to the outbox in its own transaction,
 * on {@link Topics#METADEF_EVENTS}, keyed by namespace; a refused change writes none.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MetadefEventsTest {

    @BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    @Inject
    Transactions tx;

    private final ObjectMapper json = new ObjectMapper();
    private final Persona admin = Persona.admin(Persona.newProject());

    private List<OutboxRecord> events(String namespace) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "from OutboxRecord where topic = :topic and messageKey = :key order by seq", OutboxRecord.class)
                .setParameter("topic", Topics.METADEF_EVENTS).setParameter("key", namespace).getResultList());
    }

    private List<String> types(String namespace) {
        return events(namespace).stream().map(row -> row.eventType).toList();
    }

    private JsonNode last(String namespace) throws Exception {
        List<OutboxRecord> rows = events(namespace);
        return json.readTree(rows.get(rows.size() - 1).payload);
    }

    @Test
    void changesAreEventsWithGlancesNamesAndPayloads() throws Exception {
        String ns = TestNamespaces.create(admin, "Events", Map.of("visibility", "public",
                "resource_type_associations", List.of(Map.of("name", "OS::Glance::Image", "prefix", "hw_")),
                "properties", Map.of("cpu_cores", Map.of("title", "Cores", "type", "integer")),
                "objects", List.of(Map.of("name", "Topology")),
                "tags", List.of(Map.of("name", "fast"))));
        assertEquals(List.of("metadef_namespace.create", "metadef_resource_type.create", "metadef_object.create",
                "metadef_property.create", "metadef_tag.create"), types(ns));
        JsonNode created = json.readTree(events(ns).get(0).payload);
        assertEquals("metadef_namespace.create", created.get("type").asText());
        assertEquals(ns, created.get("namespace").asText());
        assertEquals(ns, created.at("/payload/namespace").asText());
        assertEquals(ns, created.at("/payload/namespace_old").asText());
        assertEquals("public", created.at("/payload/visibility").asText());
        assertEquals(false, created.at("/payload/deleted").asBoolean());
        assertEquals("hw_", json.readTree(events(ns).get(1).payload).at("/payload/prefix").asText());
        assertEquals("integer", json.readTree(events(ns).get(3).payload).at("/payload/type").asText());

        admin.call().contentType(ContentType.JSON).body(Map.of("name", "Topology", "description", "changed"))
                .when().put(TestNamespaces.path(ns, "objects", "Topology")).then().statusCode(200);
        admin.call().contentType(ContentType.JSON).body(Map.of("name", "quick"))
                .when().put(TestNamespaces.path(ns, "tags", "fast")).then().statusCode(200);
        JsonNode renamed = last(ns);
        assertEquals("metadef_tag.update", renamed.get("type").asText());
        assertEquals("quick", renamed.at("/payload/name").asText());
        assertEquals("fast", renamed.at("/payload/name_old").asText());
        admin.call().when().delete(TestNamespaces.path(ns, "properties", "cpu_cores")).then().statusCode(204);
        JsonNode deleted = last(ns);
        assertEquals("metadef_property.delete", deleted.get("type").asText());
        assertTrue(deleted.at("/payload/deleted").asBoolean());
        assertTrue(deleted.at("/payload/deleted_at").isTextual());
        admin.call().when().delete(TestNamespaces.path(ns, "resource_types", "OS::Glance::Image")).then().statusCode(204);
        admin.call().when().delete(TestNamespaces.path(ns, "objects")).then().statusCode(204);
        admin.call().when().delete(TestNamespaces.path(ns, "tags")).then().statusCode(204);
        admin.call().contentType(ContentType.JSON).body(Map.of("tags", List.of(Map.of("name", "a"))))
                .when().post(TestNamespaces.path(ns, "tags")).then().statusCode(201);
        assertEquals(List.of("metadef_object.update", "metadef_tag.update", "metadef_property.delete",
                        "metadef_resource_type.delete", "metadef_namespace.delete_objects",
                        "metadef_namespace.delete_tags", "metadef_tag.create"),
                types(ns).subList(5, types(ns).size()));

        // A rename: the event is keyed by the new name and names the old one.
        String renamedNs = TestNamespaces.newName("Renamed");
        admin.call().contentType(ContentType.JSON).body(Map.of("namespace", renamedNs, "visibility", "public"))
                .when().put(TestNamespaces.path(ns)).then().statusCode(200);
        JsonNode update = last(renamedNs);
        assertEquals("metadef_namespace.update", update.get("type").asText());
        assertEquals(ns, update.at("/payload/namespace_old").asText());
        admin.call().when().delete(TestNamespaces.path(renamedNs)).then().statusCode(204);
        assertEquals("metadef_namespace.delete", last(renamedNs).get("type").asText());
        assertTrue(last(renamedNs).at("/payload/deleted").asBoolean());
    }

    @Test
    void refusedChangesWriteNoEvent() {
        String ns = TestNamespaces.create(admin, "Quiet", Map.of("protected", true, "tags", List.of(Map.of("name", "t"))));
        int before = events(ns).size();
        admin.call().when().delete(TestNamespaces.path(ns)).then().statusCode(403);
        admin.call().when().delete(TestNamespaces.path(ns, "tags", "t")).then().statusCode(403);
        admin.call().when().post(TestNamespaces.path(ns, "tags", "T")).then().statusCode(409);
        Persona.member(admin.project()).call().when().post(TestNamespaces.path(ns, "tags", "u")).then().statusCode(403);
        assertEquals(before, events(ns).size());

        String broken = TestNamespaces.newName("Broken");
        admin.call().contentType(ContentType.JSON)
                .body(Map.of("namespace", broken, "tags", List.of(Map.of("name", "x"), Map.of("name", "X"))))
                .when().post(TestNamespaces.NAMESPACES).then().statusCode(409);
        assertEquals(List.of(), events(broken));
    }
}
