package dev.glint.api.rest;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import dev.glint.api.domain.LocationImportService;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Glance's v2.17 location calls: {@code POST} and {@code GET /v2/images/{id}/locations}. */
@Path("/v2/images/{id}/locations")
public class ImageLocationsResource {

    private final LocationImportService locations;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public ImageLocationsResource(LocationImportService locations, CurrentCaller caller, JsonBodies bodies) {
        this.locations = locations;
        this.caller = caller;
        this.bodies = bodies;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> add(@PathParam("id") String id, byte[] body, @Context ContainerRequestContext context) {
        Map<String, Object> request = bodies.object(body, "describing the location");
        return locations.add(caller.get(), RequestIdFilter.of(context), id, request).map(task -> Response.accepted().build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<Map<String, Object>>> list(@PathParam("id") String id) {
        return locations.list(caller.get(), id).map(shown -> shown.stream()
                .map(location -> Map.<String, Object>of("url", location.url(), "metadata", location.metadata()))
                .toList());
    }
}
