package dev.glint.api.metadefs.rest;

import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.metadefs.PropertyService;
import dev.glint.api.rest.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code /v2/metadefs/namespaces/{namespace}/properties}: the namespace's property definitions. */
@Path("/v2/metadefs/namespaces/{namespace}/properties")
@Produces(MediaType.APPLICATION_JSON)
public class NamespacePropertiesResource {

    private final PropertyService properties;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public NamespacePropertiesResource(PropertyService properties, CurrentCaller caller, JsonBodies bodies) {
        this.properties = properties;
        this.caller = caller;
        this.bodies = bodies;
    }

    @GET
    public Uni<Map<String, Object>> list(@PathParam("namespace") String namespace) {
        return properties.list(caller.get(), namespace).map(MetadefViews::properties);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("namespace") String namespace, byte[] body) {
        Map<String, Object> request = bodies.object(body, "describing the property");
        return properties.create(caller.get(), namespace, request).map(property -> Response
                .created(Queries.location("v2", "metadefs", "namespaces", namespace, "properties", property.name))
                .entity(MetadefViews.property(property))
                .build());
    }

    @DELETE
    public Uni<Response> deleteAll(@PathParam("namespace") String namespace) {
        return properties.deleteAll(caller.get(), namespace).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{property}")
    public Uni<Map<String, Object>> show(@PathParam("namespace") String namespace,
            @PathParam("property") String name, @QueryParam("resource_type") String resourceType) {
        return properties.show(caller.get(), namespace, name, resourceType).map(MetadefViews::property);
    }

    @PUT
    @Path("/{property}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("namespace") String namespace,
            @PathParam("property") String name, byte[] body) {
        Map<String, Object> request = bodies.object(body, "describing the property");
        return properties.update(caller.get(), namespace, name, request).map(MetadefViews::property);
    }

    @DELETE
    @Path("/{property}")
    public Uni<Response> delete(@PathParam("namespace") String namespace, @PathParam("property") String name) {
        return properties.delete(caller.get(), namespace, name).replaceWith(Response.noContent().build());
    }
}
