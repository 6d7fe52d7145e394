package dev.glint.api.metadefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.glint.api.domain.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The JSON schemas of the metadata definitions catalog ({@code /v2/schemas/metadefs/*}), and the
 * check of request bodies against them: a body that does not match the schema the API serves for
 * it is 400, as in Glance, so the served schema and the accepted input never drift apart.
 */
@ApplicationScoped
public class MetadefSchemas {

    private final ObjectMapper json;
    private final Map<String, ObjectNode> served;
    private final JsonSchema namespaceCheck;
    private final JsonSchema objectCheck;
    private final JsonSchema propertyCheck;
    private final JsonSchema unnamedPropertyCheck;
    private final JsonSchema tagCheck;
    private final JsonSchema tagsCheck;
    private final JsonSchema resourceTypeCheck;

    public MetadefSchemas(ObjectMapper json) {
        this.json = json;
        ObjectNode property = load("property");
        ObjectNode namespace = withDefinitions(load("namespace"), catalogDefinitions(property));
        ObjectNode object = withDefinitions(load("object"), catalogDefinitions(property));
        property.set("definitions", propertyDefinitions());
        ObjectNode tag = load("tag");
        ObjectNode resourceType = load("resource_type");
        ObjectNode unnamedProperty = property.deepCopy();
        ArrayNode required = unnamedProperty.putArray("required");
        required.add("type").add("title");
        served = Map.of(
                "namespace", namespace,
                "namespaces", collection("namespaces", namespace),
                "object", object,
                "objects", collection("objects", object),
                "property", property,
                "properties", dictionary("properties", unnamedProperty),
                "tag", tag,
                "tags", collection("tags", tag),
                "resource_type", resourceType,
                "resource_types", collection("resource_type_associations", resourceType));
        // Glance's schemas name themselves and mark read-only fields: words draft 4 does not know and
        // that say nothing about validity.
        JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .keywords(List.of(new NonValidationKeyword("name"), new NonValidationKeyword("readOnly"),
                        new NonValidationKeyword("links")))
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                builder -> builder.metaSchema(draft4));
        namespaceCheck = factory.getSchema(namespace);
        objectCheck = factory.getSchema(object);
        propertyCheck = factory.getSchema(property);
        unnamedPropertyCheck = factory.getSchema(unnamedProperty);
        tagCheck = factory.getSchema(tag);
        tagsCheck = factory.getSchema(tagList());
        resourceTypeCheck = factory.getSchema(resourceType);
    }

    /** The schema served at {@code /v2/schemas/metadefs/{name}}, or null for an unknown name. */
    public ObjectNode served(String name) {
        return served.get(name);
    }

    public void checkNamespace(Map<String, Object> body) {
        check(namespaceCheck, "namespace", body);
    }

    /** An object, and each of its property definitions as a property (without a name, the key names it). */
    public void checkObject(Map<String, Object> body) {
        check(objectCheck, "object", body);
        if (body.get("properties") instanceof Map<?, ?> properties) {
            properties.values().forEach(definition -> check(unnamedPropertyCheck, "property", definition));
        }
    }

    public void checkProperty(Map<String, Object> body) {
        check(propertyCheck, "property", body);
    }

    public void checkTag(Map<String, Object> body) {
        check(tagCheck, "tag", body);
    }

    public void checkTags(Map<String, Object> body) {
        check(tagsCheck, "tags", body);
    }

    public void checkResourceTypeAssociation(Map<String, Object> body) {
        check(resourceTypeCheck, "resource_type_association", body);
    }

    private void check(JsonSchema schema, String name, Object body) {
        JsonNode node = json.valueToTree(body);
        Set<ValidationMessage> problems = schema.validate(node);
        if (!problems.isEmpty()) {
            String reasons = problems.stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining("; "));
            throw ApiException.badRequest("Provided object does not match schema '" + name + "': " + reasons);
        }
    }

    private ObjectNode load(String name) {
        try (InputStream in = MetadefSchemas.class.getResourceAsStream("/schemas/metadefs/" + name + ".json")) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Schema metadefs/" + name + " cannot be read", e);
        }
    }

    private static ObjectNode withDefinitions(ObjectNode schema, ObjectNode definitions) {
        schema.set("definitions", definitions);
        return schema;
    }

    private ObjectNode counts() {
        ObjectNode definitions = json.createObjectNode();
        definitions.putObject("positiveInteger").put("type", "integer").put("minimum", 0);
        ArrayNode allOf = definitions.putObject("positiveIntegerDefault0").putArray("allOf");
        allOf.addObject().put("$ref", "#/definitions/positiveInteger");
        allOf.addObject().put("default", 0);
        return definitions;
    }

    /** What a single property's schema refers to; its lists of names must not be empty. */
    private ObjectNode propertyDefinitions() {
        ObjectNode definitions = counts();
        ObjectNode strings = definitions.putObject("stringArray").put("type", "array");
        strings.putObject("items").put("type", "string");
        strings.put("minItems", 1).put("uniqueItems", true);
        return definitions;
    }

    /** What namespaces and objects refer to: a map of property definitions ("property"), name lists. */
    private ObjectNode catalogDefinitions(ObjectNode property) {
        ObjectNode definitions = counts();
        ObjectNode strings = definitions.putObject("stringArray").put("type", "array");
        strings.putObject("items").put("type", "string");
        strings.put("uniqueItems", true);
        ObjectNode definition = definitions.putObject("property").put("type", "object")
                .putObject("additionalProperties").put("type", "object");
        definition.putArray("required").add("title").add("type");
        definition.set("properties", property.get("properties").deepCopy());
        return definitions;
    }

    /** A list of items (Glance's collection schema): the item schema, first/next/schema links. */
    private ObjectNode collection(String name, ObjectNode item) {
        ObjectNode schema = json.createObjectNode().put("name", name);
        ObjectNode properties = schema.putObject("properties");
        ObjectNode items = properties.putObject(name).put("type", "array");
        items.set("items", withoutDefinitions(item));
        links(schema, properties);
        if (item.has("definitions")) {
            schema.set("definitions", item.get("definitions").deepCopy());
        }
        return schema;
    }

    /** A map of items keyed by name (Glance's dictionary collection): the properties of a namespace. */
    private ObjectNode dictionary(String name, ObjectNode item) {
        ObjectNode schema = json.createObjectNode().put("name", name);
        ObjectNode properties = schema.putObject("properties");
        properties.putObject(name).put("type", "object").set("additionalProperties", withoutDefinitions(item));
        links(schema, properties);
        schema.set("definitions", item.get("definitions").deepCopy());
        return schema;
    }

    private static ObjectNode withoutDefinitions(ObjectNode item) {
        ObjectNode copy = item.deepCopy();
        copy.remove("definitions");
        return copy;
    }

    private static void links(ObjectNode schema, ObjectNode properties) {
        properties.putObject("first").put("type", "string");
        properties.putObject("next").put("type", "string");
        properties.putObject("schema").put("type", "string");
        ArrayNode links = schema.putArray("links");
        links.addObject().put("rel", "first").put("href", "{first}");
        links.addObject().put("rel", "next").put("href", "{next}");
        links.addObject().put("rel", "describedby").put("href", "{schema}");
    }

    /** The body of {@code POST .../tags}: a list of tags, each a name and nothing else. */
    private ObjectNode tagList() {
        ObjectNode schema = json.createObjectNode().put("name", "tags");
        ObjectNode tags = schema.putObject("properties").putObject("tags").put("type", "array");
        ObjectNode item = tags.putObject("items").put("type", "object");
        item.putObject("properties").putObject("name").put("type", "string").put("maxLength", 80);
        item.putArray("required").add("name");
        item.put("additionalProperties", false);
        schema.putArray("required").add("tags");
        schema.put("additionalProperties", false);
        return schema;
    }
}
