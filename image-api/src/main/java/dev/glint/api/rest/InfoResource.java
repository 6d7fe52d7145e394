package dev.glint.api.rest;

import dev.glint.api.domain.Quotas;
import dev.glint.api.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v2/info/*}: import methods, stores, and the caller's quota usage. */
@Path("/v2/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    private final Quotas quotas;
    private final CurrentCaller caller;

    public InfoResource(Quotas quotas, CurrentCaller caller) {
        this.quotas = quotas;
        this.caller = caller;
    }

    @GET
    @Path("import")
    public Map<String, Object> importMethods() {
        Map<String, Object> methods = new LinkedHashMap<>();
        methods.put("description", "Import methods available.");
        methods.put("type", "array");
        methods.put("value", List.of());
        return Map.of("import-methods", methods);
    }

    @GET
    @Path("stores")
    public Map<String, Object> stores() {
        return Map.of("stores", List.of(Map.of("id", "default", "default", true)));
    }

    @GET
    @Path("usage")
    public Uni<Map<String, Object>> usage() {
        return quotas.report(caller.get());
    }
}
