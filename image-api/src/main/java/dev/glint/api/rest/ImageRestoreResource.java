package dev.glint.api.rest;

import dev.glint.api.domain.ImageRestoreService;
import dev.glint.api.identity.Caller;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /v2/images/{id}/actions/restore} (admins): pending_delete back to active, what Glance
 * does with {@code glance-scrubber --restore}. Answers with the restored image.
 */
@Path("/v2/images/{id}/actions/restore")
@Produces(MediaType.APPLICATION_JSON)
public class ImageRestoreResource {

    private final ImageRestoreService restores;
    private final CurrentCaller caller;
    private final ImageViews views;

    public ImageRestoreResource(ImageRestoreService restores, CurrentCaller caller, ImageViews views) {
        this.restores = restores;
        this.caller = caller;
        this.views = views;
    }

    @POST
    public Uni<Map<String, Object>> restore(@PathParam("id") String id) {
        Caller restorer = caller.get();
        return restores.restore(restorer, id).flatMap(image -> views.one(restorer, image));
    }
}
