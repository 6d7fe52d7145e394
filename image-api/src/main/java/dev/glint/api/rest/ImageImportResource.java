package dev.glint.api.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import dev.glint.api.domain.ImportService;
import dev.glint.api.domain.StageService;
import dev.glint.api.domain.TaskService;
import dev.glint.api.identity.Caller;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
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
import java.util.Map;

/**
 * Interoperable image import: {@code PUT /stage} streams data into the staging area,
 * {@code POST /import} starts an import task, {@code GET /tasks} shows the image's tasks.
 */
@Path("/v2/images/{id}")
public class ImageImportResource {

    private final StageService stages;
    private final ImportService imports;
    private final TaskService tasks;
    private final CurrentCaller caller;
    private final JsonBodies bodies;
    private final ImageDataBodies dataBodies;

    public ImageImportResource(StageService stages, ImportService imports, TaskService tasks, CurrentCaller caller,
            JsonBodies bodies, ImageDataBodies dataBodies) {
        this.dataBodies = dataBodies;
        this.stages = stages;
        this.imports = imports;
        this.tasks = tasks;
        this.caller = caller;
        this.bodies = bodies;
    }

    @PUT
    @Path("/stage")
    @Consumes(MediaType.WILDCARD)
    @NonBlocking
    public Uni<Response> stage(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("Content-Length") String contentLength, @Context HttpServerRequest request) {
        Caller stager = caller.get();
        return dataBodies.read(request, contentType, contentLength, "staged data", (data, declared) -> {
            stages.stage(stager, id, declared, data);
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> importImage(@PathParam("id") String id, @HeaderParam("X-Image-Meta-Store") String store,
            byte[] body, @Context ContainerRequestContext context) {
        Map<String, Object> request = bodies.object(body, "describing the import");
        return imports.start(caller.get(), caller.delegation(), RequestIdFilter.of(context), id, request,
                store).map(task -> Response.accepted().build());
    }

    @GET
    @Path("/tasks")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> tasks(@PathParam("id") String id) {
        return tasks.ofImage(caller.get(), id).map(found -> TasksResource.listOf(found.stream().map(TaskView::of).toList()));
    }
}
