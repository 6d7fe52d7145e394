package dev.glint.api.rest;

import dev.glint.api.cache.CacheManagement;
import dev.glint.api.cache.CachedImage;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Glance's cache API: {@code GET|DELETE /v2/cache}, {@code PUT|DELETE /v2/cache/{id}} (admins, by default). */
@Path("/v2/cache")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    private final CacheManagement cache;
    private final CurrentCaller caller;

    public CacheResource(CacheManagement cache, CurrentCaller caller) {
        this.cache = cache;
        this.caller = caller;
    }

    @GET
    @Blocking
    public Map<String, Object> state() {
        CacheManagement.CacheState state = cache.state(caller.get());
        List<Map<String, Object>> cached = state.cachedImages().stream().map(CacheResource::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cached_images", cached);
        body.put("queued_images", state.queuedImages().stream().map(Object::toString).toList());
        return body;
    }

    /** 202, as Glance answers since Image API 2.16: the image is cached later, by a worker. */
    @PUT
    @Path("{id}")
    @Blocking
    public Response queue(@PathParam("id") String id) {
        cache.queue(caller.get(), id);
        return Response.accepted().build();
    }

    @DELETE
    @Path("{id}")
    @Blocking
    public Response delete(@PathParam("id") String id) {
        cache.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @DELETE
    @Blocking
    public Response clear(@HeaderParam(CacheManagement.CLEAR_TARGET_HEADER) String target) {
        cache.clear(caller.get(), target);
        return Response.noContent().build();
    }

    /** Glance's fields, its times in seconds since the epoch (with a fraction). */
    private static Map<String, Object> view(CachedImage image) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("image_id", image.imageId().toString());
        view.put("hits", image.hits());
        view.put("last_accessed", epochSeconds(image.lastAccessed()));
        view.put("last_modified", epochSeconds(image.lastModified()));
        view.put("size", image.size());
        return view;
    }

    private static double epochSeconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }
}
