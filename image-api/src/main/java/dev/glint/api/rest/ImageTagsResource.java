package dev.glint.api.rest;

import dev.glint.api.domain.ImageService;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code PUT} and {@code DELETE /v2/images/{id}/tags/{tag}}. */
@Path("/v2/images/{id}/tags/{tag}")
@Produces(MediaType.APPLICATION_JSON)
public class ImageTagsResource {

    private final ImageService images;
    private final CurrentCaller caller;

    public ImageTagsResource(ImageService images, CurrentCaller caller) {
        this.images = images;
        this.caller = caller;
    }

    @PUT
    public Uni<Response> add(@PathParam("id") String id, @PathParam("tag") String tag) {
        return images.addTag(caller.get(), id, tag).replaceWith(Response.noContent().build());
    }

    @DELETE
    public Uni<Response> remove(@PathParam("id") String id, @PathParam("tag") String tag) {
        return images.removeTag(caller.get(), id, tag).replaceWith(Response.noContent().build());
    }
}
