package dev.glint.api.metadefs.rest;

import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.metadefs.ResourceTypeService;
import dev.glint.api.rest.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code /v2/metadefs/namespaces/{namespace}/resource_types}: a namespace's resource type associations. */
@Path("/v2/metadefs/namespaces/{namespace}/resource_types")
@Produces(MediaType.APPLICATION_JSON)
public class NamespaceResourceTypesResource {

    private final ResourceTypeService resourceTypes;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public NamespaceResourceTypesResource(ResourceTypeService resourceTypes, CurrentCaller caller, JsonBodies bodies) {
        this.resourceTypes = resourceTypes;
        this.caller = caller;
        this.bodies = bodies;
    }

    @GET
    public Uni<Map<String, Object>> associations(@PathParam("namespace") String namespace) {
        return resourceTypes.associations(caller.get(), namespace).map(associations -> Map.of(
                "resource_type_associations", associations.stream().map(MetadefViews::association).toList()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> associate(@PathParam("namespace") String namespace, byte[] body) {
        Map<String, Object> request = bodies.object(body, "naming the resource type");
        return resourceTypes.associate(caller.get(), namespace, request).map(association -> Response
                .status(Response.Status.CREATED)
                .entity(MetadefViews.association(association))
                .build());
    }

    @DELETE
    @Path("/{resourceType}")
    public Uni<Response> dissociate(@PathParam("namespace") String namespace,
            @PathParam("resourceType") String resourceType) {
        return resourceTypes.dissociate(caller.get(), namespace, resourceType)
                .replaceWith(Response.noContent().build());
    }
}
