package dev.glint.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glint.api.domain.ImagesConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON schemas of the v2 API. glanceclient builds and validates its requests from them, so the
 * image schema lists exactly the formats this deployment accepts.
 */
@Path("/v2/schemas")
@Produces(MediaType.APPLICATION_JSON)
public class SchemasResource {

    private final ObjectNode image;
    private final ObjectNode images;
    private final ObjectNode member;
    private final ObjectNode members;
    private final ObjectNode task;
    private final ObjectNode tasks;

    public SchemasResource(ObjectMapper json, ImagesConfig config) {
        image = load(json, "image");
        restrict(image, "disk_format", config.diskFormats());
        restrict(image, "container_format", config.containerFormats());
        images = json.createObjectNode();
        images.put("name", "images");
        ObjectNode properties = images.putObject("properties");
        properties.putObject("images").put("type", "array").set("items", image.deepCopy());
        properties.putObject("schema").put("type", "string");
        properties.putObject("first").put("type", "string");
        properties.putObject("next").put("type", "string");
        ArrayNode links = images.putArray("links");
        links.addObject().put("rel", "first").put("href", "{first}");
        links.addObject().put("rel", "next").put("href", "{next}");
        links.addObject().put("rel", "describedby").put("href", "{schema}");
        member = load(json, "member");
        members = load(json, "members");
        task = load(json, "task");
        tasks = load(json, "tasks");
    }

    private static ObjectNode load(ObjectMapper json, String name) {
        try (InputStream in = SchemasResource.class.getResourceAsStream("/schemas/" + name + ".json")) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Schema " + name + " cannot be read", e);
        }
    }

    private static void restrict(ObjectNode schema, String property, List<String> allowed) {
        ArrayNode values = ((ObjectNode) schema.get("properties").get(property)).putArray("enum");
        values.addNull();
        allowed.forEach(values::add);
    }

    @GET
    @Path("image")
    public ObjectNode image() {
        return image;
    }

    @GET
    @Path("images")
    public ObjectNode images() {
        return images;
    }

    @GET
    @Path("member")
    public ObjectNode member() {
        return member;
    }

    @GET
    @Path("members")
    public ObjectNode members() {
        return members;
    }

    @GET
    @Path("task")
    public ObjectNode task() {
        return task;
    }

    @GET
    @Path("tasks")
    public ObjectNode tasks() {
        return tasks;
    }
}
