package dev.glint.api.metadefs.rest;

import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.metadefs.TagService;
import dev.glint.api.rest.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code /v2/metadefs/namespaces/{namespace}/tags}: the namespace's tag definitions. */
@Path("/v2/metadefs/namespaces/{namespace}/tags")
@Produces(MediaType.APPLICATION_JSON)
public class NamespaceTagsResource {

    /** What oslo's bool_from_string reads as true, for {@code X-Openstack-Append}. */
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");

    private final TagService tags;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public NamespaceTagsResource(TagService tags, CurrentCaller caller, JsonBodies bodies) {
        this.tags = tags;
        this.caller = caller;
        this.bodies = bodies;
    }

    @GET
    public Uni<Map<String, Object>> list(@PathParam("namespace") String namespace, @Context UriInfo uri) {
        return tags.list(caller.get(), namespace, Queries.of(uri))
                .map(found -> Map.of("tags", found.stream().map(MetadefViews::tagName).toList()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createAll(@PathParam("namespace") String namespace,
            @HeaderParam("X-Openstack-Append") String append, byte[] body) {
        Map<String, Object> request = bodies.object(body, "listing the tags");
        boolean appending = append != null && TRUE.contains(append.strip().toLowerCase(Locale.ROOT));
        return tags.createAll(caller.get(), namespace, request, appending).map(created -> Response
                .status(Response.Status.CREATED)
                .entity(Map.of("tags", created.stream().map(MetadefViews::tagName).toList()))
                .build());
    }

    @DELETE
    public Uni<Response> deleteAll(@PathParam("namespace") String namespace) {
        return tags.deleteAll(caller.get(), namespace).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{tag}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("namespace") String namespace, @PathParam("tag") String name) {
        return tags.create(caller.get(), namespace, name).map(tag -> Response
                .created(Queries.location("v2", "metadefs", "namespaces", namespace, "tags", tag.name))
                .entity(MetadefViews.tag(tag))
                .build());
    }

    @GET
    @Path("/{tag}")
    public Uni<Map<String, Object>> show(@PathParam("namespace") String namespace, @PathParam("tag") String name) {
        return tags.show(caller.get(), namespace, name).map(MetadefViews::tag);
    }

    @PUT
    @Path("/{tag}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("namespace") String namespace, @PathParam("tag") String name,
            byte[] body) {
        Map<String, Object> request = bodies.object(body, "naming the tag");
        return tags.update(caller.get(), namespace, name, request).map(MetadefViews::tag);
    }

    @DELETE
    @Path("/{tag}")
    public Uni<Response> delete(@PathParam("namespace") String namespace, @PathParam("tag") String name) {
        return tags.delete(caller.get(), namespace, name).replaceWith(Response.noContent().build());
    }
}
