package dev.glint.api.rest;

import dev.glint.api.domain.ImportService;
import dev.glint.api.domain.Quotas;
import dev.glint.storage.Stores;
import dev.glint.api.identity.Caller;
import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.policy.AccessPolicy;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.storage.StorageConfig;
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
    private final StorageConfig storage;
    private final AccessPolicy policy;

    public InfoResource(Quotas quotas, CurrentCaller caller, ImportService imports, Stores stores,
            StorageConfig storage, AccessPolicy policy) {
        this.quotas = quotas;
        this.caller = caller;
        this.imports = imports;
        this.stores = stores;
        this.storage = storage;
        this.policy = policy;
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

    /**
     * {@code GET /v2/info/stores/detail} (Glance's {@code stores_info_detail}, admins): each store
     * with its type and settings, named as Glance's s3 driver names its own.
     */
    @GET
    @Path("stores/detail")
    public Map<String, Object> storesDetail() {
        Caller who = caller.get();
        policy.enforce("stores_info_detail", who, PolicyTarget.project(who.projectId()));
        List<Map<String, Object>> listed = stores.all().stream().map(store -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", store.id());
            entry.put("type", "s3");
            entry.put("description", "S3 bucket " + store.bucket());
            if (store.id().equals(stores.defaultStore().id())) {
                entry.put("default", true);
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("s3_store_bucket", store.bucket());
            properties.put("s3_store_large_object_chunk_size", storage.partSize() / (1024 * 1024));
            properties.put("s3_store_thread_pools", storage.uploadConcurrency());
            entry.put("properties", properties);
            return entry;
        }).toList();
        return Map.of("stores", listed);
    }

    @GET
    @Path("usage")
    public Uni<Map<String, Object>> usage() {
        return quotas.report(caller.get());
    }
}
