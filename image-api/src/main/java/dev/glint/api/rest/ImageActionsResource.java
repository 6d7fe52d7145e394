package dev.glint.api.rest;

import dev.glint.api.domain.ImageService;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v2/images/{id}/actions/deactivate} and {@code /reactivate} (admins). */
@Path("/v2/images/{id}/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ImageActionsResource {

    private final ImageService images;
    private final CurrentCaller caller;

    public ImageActionsResource(ImageService images, CurrentCaller caller) {
        this.images = images;
        this.caller = caller;
    }

    @POST
    @Path("deactivate")
    public Uni<Response> deactivate(@PathParam("id") String id) {
        return images.setDeactivated(caller.get(), id, true).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("reactivate")
    public Uni<Response> reactivate(@PathParam("id") String id) {
        return images.setDeactivated(caller.get(), id, false).replaceWith(Response.noContent().build());
    }
}
