package dev.glint.api.domain;

import dev.glint.persistence.ImageLocationRecord;
import dev.glint.storage.Stores;
import dev.glint.storage.http.HttpStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;

/** Reads an image's data from where one of its locations has it. Blocking. */
@ApplicationScoped
public class ImageDataReader {

    private final Stores stores;
    private final HttpStore http;

    public ImageDataReader(Stores stores, HttpStore http) {
        this.stores = stores;
        this.http = http;
    }

    /**
     * Opens {@code length} bytes from {@code offset}: from the S3 store the location is in, or,
     * for an http location, from its URL (the http store, streamed, asking for the range).
     */
    public InputStream open(ImageLocationRecord location, long offset, long length) {
        boolean whole = offset == 0 && length == location.size;
        if (location.bucket == null) {
            return http.open(location.url, offset, whole ? -1 : length);
        }
        if (whole) {
            return stores.objectsOf(location.store).open(location.bucket, location.objectKey);
        }
        return stores.objectsOf(location.store).open(location.bucket, location.objectKey, offset, length);
    }
}
