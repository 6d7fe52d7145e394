package dev.glint.api.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import dev.glint.api.domain.ApiException;
import dev.glint.api.domain.TaskService;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v2/tasks}: Glance's tasks API (admins). */
@Path("/v2/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private final TaskService tasks;
    private final CurrentCaller caller;
    private final JsonBodies bodies;
    private final ApiConfig config;

    public TasksResource(TaskService tasks, CurrentCaller caller, JsonBodies bodies, ApiConfig config) {
        this.tasks = tasks;
        this.caller = caller;
        this.bodies = bodies;
        this.config = config;
    }

    @GET
    public Uni<Map<String, Object>> list(@Context UriInfo uri) {
        Map<String, String> query = new LinkedHashMap<>();
        QueryParameters.of(uri).forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        int limit = ListLimit.parse(query.get("limit"), config);
        return tasks.list(caller.get(), query, limit).map(page -> {
            Map<String, Object> body = new LinkedHashMap<>();
            // Whole tasks, not Glance's stubs: glanceclient builds each listed task with the task schema,
            // which requires input.
            body.put("tasks", page.tasks().stream().map(TaskView::of).toList());
            body.put("first", "/v2/tasks");
            body.put("schema", "/v2/schemas/tasks");
            if (page.nextMarker() != null) {
                Map<String, String> next = new LinkedHashMap<>(query);
                next.put("marker", page.nextMarker());
                StringBuilder link = new StringBuilder("/v2/tasks?");
                next.forEach((name, value) -> link.append(encode(name)).append('=').append(encode(value)).append('&'));
                body.put("next", link.substring(0, link.length() - 1));
            }
            return body;
        });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        return tasks.show(caller.get(), id).map(TaskView::of);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body, @Context ContainerRequestContext context) {
        Map<String, Object> request = bodies.object(body, "describing the task");
        return tasks.createImport(caller.get(), RequestIdFilter.of(context), request).map(task -> Response
                .created(URI.create("/v2/tasks/" + task.id))
                .entity(TaskView.of(task))
                .build());
    }

    static Map<String, Object> listOf(List<Map<String, Object>> views) {
        return Map.of("tasks", views);
    }
}
