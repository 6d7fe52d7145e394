package dev.glint.api.metadefs.rest;

import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.metadefs.ResourceTypeService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /v2/metadefs/resource_types}: every resource type. */
@Path("/v2/metadefs/resource_types")
@Produces(MediaType.APPLICATION_JSON)
public class ResourceTypesResource {

    private final ResourceTypeService resourceTypes;
    private final CurrentCaller caller;

    public ResourceTypesResource(ResourceTypeService resourceTypes, CurrentCaller caller) {
        this.resourceTypes = resourceTypes;
        this.caller = caller;
    }

    @GET
    public Uni<Map<String, Object>> list() {
        return resourceTypes.list(caller.get())
                .map(types -> Map.of("resource_types", types.stream().map(MetadefViews::resourceType).toList()));
    }
}
