package dev.glint.api.metadefs.rest;

import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.metadefs.ObjectService;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v2/metadefs/namespaces/{namespace}/objects}: the namespace's object definitions. */
@Path("/v2/metadefs/namespaces/{namespace}/objects")
@Produces(MediaType.APPLICATION_JSON)
public class NamespaceObjectsResource {

    private final ObjectService objects;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public NamespaceObjectsResource(ObjectService objects, CurrentCaller caller, JsonBodies bodies) {
        this.objects = objects;
        this.caller = caller;
        this.bodies = bodies;
    }

    @GET
    public Uni<Map<String, Object>> list(@PathParam("namespace") String namespace) {
        return objects.list(caller.get(), namespace).map(found -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("objects", found.stream().map(object -> MetadefViews.object(namespace, object)).toList());
            body.put("schema", "/v2/schemas/metadefs/objects");
            return body;
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("namespace") String namespace, byte[] body) {
        Map<String, Object> request = bodies.object(body, "describing the object");
        return objects.create(caller.get(), namespace, request).map(object -> Response
                .created(Queries.location("v2", "metadefs", "namespaces", namespace, "objects", object.name))
                .entity(MetadefViews.object(namespace, object))
                .build());
    }

    @DELETE
    public Uni<Response> deleteAll(@PathParam("namespace") String namespace) {
        return objects.deleteAll(caller.get(), namespace).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{object}")
    public Uni<Map<String, Object>> show(@PathParam("namespace") String namespace, @PathParam("object") String name) {
        return objects.show(caller.get(), namespace, name).map(object -> MetadefViews.object(namespace, object));
    }

    @PUT
    @Path("/{object}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("namespace") String namespace, @PathParam("object") String name,
            byte[] body) {
        Map<String, Object> request = bodies.object(body, "describing the object");
        return objects.update(caller.get(), namespace, name, request)
                .map(object -> MetadefViews.object(namespace, object));
    }

    @DELETE
    @Path("/{object}")
    public Uni<Response> delete(@PathParam("namespace") String namespace, @PathParam("object") String name) {
        return objects.delete(caller.get(), namespace, name).replaceWith(Response.noContent().build());
    }
}
