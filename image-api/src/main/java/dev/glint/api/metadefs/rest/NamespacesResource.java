package dev.glint.api.metadefs.rest;

import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.metadefs.NamespaceService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v2/metadefs/namespaces}: Glance's metadata definition namespaces. */
@Path("/v2/metadefs/namespaces")
@Produces(MediaType.APPLICATION_JSON)
public class NamespacesResource {

    private final NamespaceService namespaces;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public NamespacesResource(NamespaceService namespaces, CurrentCaller caller, JsonBodies bodies) {
        this.namespaces = namespaces;
        this.caller = caller;
        this.bodies = bodies;
    }

    @GET
    public Uni<Map<String, Object>> list(@Context UriInfo uri) {
        Map<String, String> query = Queries.of(uri);
        return namespaces.list(caller.get(), query).map(page -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("namespaces", page.namespaces().stream()
                    .map(namespace -> MetadefViews.listed(namespace, page.associations().get(namespace.id))).toList());
            Map<String, String> first = new LinkedHashMap<>(query);
            first.remove("marker");
            body.put("first", Queries.link(MetadefViews.NAMESPACES, first));
            body.put("schema", "/v2/schemas/metadefs/namespaces");
            if (page.nextMarker() != null) {
                Map<String, String> next = new LinkedHashMap<>(query);
                next.put("marker", page.nextMarker());
                body.put("next", Queries.link(MetadefViews.NAMESPACES, next));
            }
            return body;
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body) {
        Map<String, Object> request = bodies.object(body, "describing the namespace");
        return namespaces.create(caller.get(), request).map(detail -> Response
                .created(Queries.location("v2", "metadefs", "namespaces", detail.namespace().namespace))
                .entity(MetadefViews.detail(detail))
                .build());
    }

    @GET
    @Path("/{namespace}")
    public Uni<Map<String, Object>> show(@PathParam("namespace") String namespace,
            @QueryParam("resource_type") String resourceType) {
        return namespaces.show(caller.get(), namespace, resourceType).map(MetadefViews::detail);
    }

    @PUT
    @Path("/{namespace}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("namespace") String namespace, byte[] body) {
        Map<String, Object> request = bodies.object(body, "describing the namespace");
        return namespaces.update(caller.get(), namespace, request).map(MetadefViews::namespace);
    }

    @DELETE
    @Path("/{namespace}")
    public Uni<Response> delete(@PathParam("namespace") String namespace) {
        return namespaces.delete(caller.get(), namespace).replaceWith(Response.noContent().build());
    }
}
