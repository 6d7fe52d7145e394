package dev.glint.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** An object of one of the stores, as an s3 location URL names it. */
    public record S3Object(Store store, String key) {
    }

    private final Map<String, Store> stores = new LinkedHashMap<>();
    private final Store defaultStore;
    private final Optional<String> httpStore;

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
        httpStore = config.httpStore().map(String::trim);
        httpStore.ifPresent(id -> {
            if (!ID.matcher(id).matches() || stores.containsKey(id)) {
                throw new IllegalArgumentException("glint.storage.http-store " + id
                        + " must be a store id (lower-case letters, digits, - or _) that glint.storage.stores does not use");
            }
        });
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

    /** The id of the read-only http store, when one is configured. */
    public Optional<String> httpStore() {
        return httpStore;
    }

    /**
     * The URL Glance would show for an object of a store: {@code s3+http://host:port/bucket/key}
     * ({@code s3+https} for an https endpoint), without credentials, as Glance's s3 store shows it.
     */
    public static String url(Store store, String key) {
        URI endpoint = URI.create(store.objects().endpoint());
        String scheme = "https".equalsIgnoreCase(endpoint.getScheme()) ? "s3+https" : "s3+http";
        return scheme + "://" + endpoint.getRawAuthority() + "/" + store.bucket() + "/" + key;
    }

    /** The URL of a copy in store {@code id}, or of a store no longer configured: its bucket on the default endpoint. */
    public String url(String id, String bucket, String key) {
        Store store = find(id).filter(candidate -> candidate.bucket().equals(bucket))
                .orElse(new Store(id, bucket, defaultStore.objects()));
        return url(store, key);
    }

    /**
     * The store object an s3 location URL names ({@code s3://}, {@code s3+http://} or
     * {@code s3+https://}, then the host and port of a store's endpoint, its bucket and the key);
     * empty when it names no configured store.
     */
    public Optional<S3Object> resolve(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!isS3Scheme(scheme) || uri.getRawUserInfo() != null || uri.getRawPath() == null) {
            return Optional.empty();
        }
        String path = uri.getRawPath().startsWith("/") ? uri.getRawPath().substring(1) : uri.getRawPath();
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1 || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String bucket = path.substring(0, slash);
        String key = path.substring(slash + 1);
        for (Store store : stores.values()) {
            URI endpoint = URI.create(store.objects().endpoint());
            boolean sameScheme = scheme.equals("s3") || scheme.equals("s3+" + endpoint.getScheme().toLowerCase(Locale.ROOT));
            if (sameScheme && store.bucket().equals(bucket)
                    && endpoint.getRawAuthority().equalsIgnoreCase(uri.getRawAuthority())) {
                return Optional.of(new S3Object(store, key));
            }
        }
        return Optional.empty();
    }

    /** The schemes of Glance's s3 store, the kind every Glint store is. */
    public static boolean isS3Scheme(String scheme) {
        return scheme.equals("s3") || scheme.equals("s3+http") || scheme.equals("s3+https");
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

        public Optional<String> httpStore() {
            return base.httpStore();
        }

        public int uploadConcurrency() {
            return base.uploadConcurrency();
        }
    }
}
