package dev.glint.api.domain;

import dev.glint.storage.StorageException;
import dev.glint.storage.StoredObject;
import dev.glint.storage.Stores;
import dev.glint.storage.http.HttpStore;
import dev.glint.storage.http.HttpStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a location's URL points, as Glance's store lookup and location check decide it: an
 * http(s) URL belongs to the read-only http store (when one is configured), an s3 URL to the
 * configured store whose endpoint and bucket it names; anything else, a {@code store} in the
 * metadata that is not the store the URL belongs to, and data that is missing or empty is
 * 400 ("Invalid location"). Blocking: it asks the store for the data's size.
 */
@ApplicationScoped
public class LocationTargets {

    /** A checked location: its store and, for an S3 store, bucket and key; {@code size} in bytes. */
    public record Target(String store, String bucket, String key, long size) {
    }

    private final Stores stores;
    private final HttpStore http;

    public LocationTargets(Stores stores, HttpStore http) {
        this.stores = stores;
        this.http = http;
    }

    /** The store a URL belongs to, without reading anything; 400 when it belongs to none. */
    public String storeOf(String url) {
        String scheme = scheme(url);
        if (scheme.equals("http") || scheme.equals("https")) {
            return stores.httpStore().orElseThrow(() -> invalid("no http store is configured, so " + scheme
                    + " URLs cannot be image locations"));
        }
        if (Stores.isS3Scheme(scheme)) {
            return stores.resolve(url).map(object -> object.store().id())
                    .orElseThrow(() -> invalid("the URL names no configured store (its endpoint and bucket)"));
        }
        throw invalid("no store takes '" + scheme + "' URLs; the schemes here are "
                + (stores.httpStore().isPresent() ? "http, https, " : "") + "s3, s3+http and s3+https");
    }

    /** Checks the location of image {@code imageId} and measures its data. */
    public Target check(UUID imageId, LocationValue location) {
        String store = storeOf(location.url());
        Object named = location.metadata().get("store");
        if (named != null && !store.equals(named)) {
            throw invalid("the URL belongs to store " + store + ", but the metadata names store " + named);
        }
        if (stores.httpStore().filter(store::equals).isPresent()) {
            return new Target(store, null, null, httpSize(location.url()));
        }
        Stores.S3Object object = stores.resolve(location.url()).orElseThrow();
        requireOwnData(imageId, object.key());
        Optional<StoredObject> stored;
        try {
            stored = object.store().objects().stat(object.store().bucket(), object.key());
        } catch (StorageException e) {
            throw ApiException.unavailable("Store " + store + " could not be asked about the location: " + e.getMessage());
        }
        long size = stored.map(StoredObject::size).orElseThrow(() -> invalid("there is no data at the URL"));
        if (size <= 0) {
            throw invalid("the data at the URL is empty");
        }
        return new Target(store, object.store().bucket(), object.key(), size);
    }

    private long httpSize(String url) {
        long size;
        try {
            size = http.size(url);
        } catch (HttpStoreException e) {
            throw invalid(e.getMessage());
        }
        if (size <= 0) {
            throw invalid("the server does not say how large the data at the URL is");
        }
        return size;
    }

    /**
     * An s3 location may not name data Glint keeps for another image (its copies, its staged
     * data): adding it would let a caller read, through their image, data they may not see.
     */
    private static void requireOwnData(UUID imageId, String key) {
        if ((key.startsWith("images/") && !key.startsWith("images/" + imageId + "/")) || key.startsWith("staging/")) {
            throw invalid("the URL names data Glint keeps for another image");
        }
    }

    private static String scheme(String url) {
        try {
            String scheme = new URI(url).getScheme();
            if (scheme == null) {
                throw invalid("the URL has no scheme");
            }
            return scheme.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            throw invalid("the URL is malformed");
        }
    }

    private static ApiException invalid(String reason) {
        return ApiException.badRequest("Invalid location: " + reason);
    }
}
