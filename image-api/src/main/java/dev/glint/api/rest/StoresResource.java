package dev.glint.api.rest;

import dev.glint.api.domain.StoreDataRemoval;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code DELETE /v2/stores/{store}/{image}}: the image's data leaves one store (Glance's API 2.10). */
@Path("/v2/stores/{store}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class StoresResource {

    private final StoreDataRemoval removal;
    private final CurrentCaller caller;

    public StoresResource(StoreDataRemoval removal, CurrentCaller caller) {
        this.removal = removal;
        this.caller = caller;
    }

    @DELETE
    public Uni<Response> removeFromStore(@PathParam("store") String store, @PathParam("id") String id) {
        return removal.remove(caller.get(), store, id).replaceWith(Response.noContent().build());
    }
}
