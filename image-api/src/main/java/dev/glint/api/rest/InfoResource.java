package dev.glint.api.rest;

import dev.glint.api.domain.ImportService;
import dev.glint.api.domain.Quotas;
import dev.glint.storage.Stores;
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
    private final ImportService imports;
    private final Stores stores;

    public InfoResource(Quotas quotas, CurrentCaller caller, ImportService imports, Stores stores) {
        this.quotas = quotas;
        this.caller = caller;
        this.imports = imports;
        this.stores = stores;
    }

    @GET
    @Path("import")
    public Map<String, Object> importMethods() {
        Map<String, Object> methods = new LinkedHashMap<>();
        methods.put("description", "Import methods available.");
        methods.put("type", "array");
        methods.put("value", imports.enabledMethods());
        return Map.of("import-methods", methods);
    }

    @GET
    @Path("stores")
    public Map<String, Object> stores() {
        List<Map<String, Object>> listed = stores.all().stream().map(store -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", store.id());
            entry.put("description", "S3 bucket " + store.bucket());
            if (store.id().equals(stores.defaultStore().id())) {
                entry.put("default", true);
            }
            return entry;
        }).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        // Glance lists its http store too, marked read-only: no data can be imported into it.
        stores.httpStore().ifPresent(id -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", id);
            entry.put("description", "Read-only http store: image data at http(s) locations");
            entry.put("read-only", "true");
            listed.add(entry);
        });
        return Map.of("stores", listed);
    }

    @GET
    @Path("usage")
    public Uni<Map<String, Object>> usage() {
        return quotas.report(caller.get());
    }
}
