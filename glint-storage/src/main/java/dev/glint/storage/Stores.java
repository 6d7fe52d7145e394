package dev.glint.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The named stores image data can live in (Glance's multiple stores): each a bucket, on the
 * default S3 endpoint or one of its own. Staged data lives in the default store.
 */
@ApplicationScoped
public class Stores {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** One store: where it keeps its objects, and the client that reaches them. */
    public record Store(String id, String bucket, ObjectStore objects) {
    }

    private final Map<String, Store> stores = new LinkedHashMap<>();
    private final Store defaultStore;

    public Stores(StorageConfig config, ObjectStore defaultEndpoint) {
        List<String> entries = config.stores().orElse(List.of(config.defaultStore() + "=" + config.bucket()));
        for (String entry : entries) {
            Store store = parse(entry.trim(), config, defaultEndpoint);
            if (stores.putIfAbsent(store.id(), store) != null) {
                throw new IllegalArgumentException("glint.storage.stores names store " + store.id() + " twice");
            }
        }
        defaultStore = stores.get(config.defaultStore());
        if (defaultStore == null) {
            throw new IllegalArgumentException("glint.storage.default-store " + config.defaultStore()
                    + " is not one of glint.storage.stores " + stores.keySet());
        }
    }

    private static Store parse(String entry, StorageConfig config, ObjectStore defaultEndpoint) {
        int equals = entry.indexOf('=');
        if (equals <= 0 || equals == entry.length() - 1) {
            throw new IllegalArgumentException("glint.storage.stores entry '" + entry
                    + "' is not id=bucket or id=bucket@endpoint");
        }
        String id = entry.substring(0, equals).trim();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Store id '" + id + "' must be lower-case letters, digits, - or _");
        }
        String target = entry.substring(equals + 1).trim();
        int at = target.indexOf('@');
        if (at < 0) {
            return new Store(id, target, defaultEndpoint);
        }
        String endpoint = target.substring(at + 1);
        return new Store(id, target.substring(0, at), new ObjectStore(new EndpointOverride(config, endpoint)));
    }

    public Store defaultStore() {
        return defaultStore;
    }

    public List<Store> all() {
        return List.copyOf(stores.values());
    }

    public Optional<Store> find(String id) {
        return Optional.ofNullable(stores.get(id));
    }

    /**
     * The client that reaches the objects of store {@code id}; the default endpoint for a store no
     * longer configured (its bucket is recorded with each location).
     */
    public ObjectStore objectsOf(String id) {
        Store store = stores.get(id);
        return store == null ? defaultStore.objects() : store.objects();
    }

    /** The store a location names; a location of a store no longer configured cannot be read. */
    public Store require(String id) {
        return find(id).orElseThrow(() -> new StorageException("Store " + id + " is not configured", null));
    }

    /** The default store's settings, but another endpoint. */
    private record EndpointOverride(StorageConfig base, String endpoint) implements StorageConfig {
        public String accessKey() {
            return base.accessKey();
        }

        public String secretKey() {
            return base.secretKey();
        }

        public String region() {
            return base.region();
        }

        public String bucket() {
            return base.bucket();
        }

        public long partSize() {
            return base.partSize();
        }

        public Optional<List<String>> stores() {
            return base.stores();
        }

        public String defaultStore() {
            return base.defaultStore();
        }

        public int uploadConcurrency() {
            return base.uploadConcurrency();
        }
    }
}
