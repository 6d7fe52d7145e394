package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import dev.glint.storage.http.HttpStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** {@code GET /v2/images/{id}/file}: finds where the data is and opens it. Blocking. */
@ApplicationScoped
public class DownloadService {

    private final Transactions tx;
    private final Stores stores;
    private final HttpStore http;
    private final ImageAccess access;

    public DownloadService(Transactions tx, Stores stores, HttpStore http, ImageAccess access) {
        this.tx = tx;
        this.http = http;
        this.stores = stores;
        this.access = access;
    }

    public ImageData locate(Caller caller, String id) {
        UUID imageId = ImageService.parseId(id);
        return tx.awaitRead(session -> session.find(ImageRecord.class, imageId)
                .flatMap(found -> access.visible(session, caller, found, id))
                .flatMap(image -> access.require(session, caller, image, "download_image"))
                .flatMap(image -> locate(session, caller, image)));
    }

    private Uni<ImageData> locate(Mutiny.Session session, Caller caller, ImageRecord image) {
        if (image.status == ImageStatus.DEACTIVATED && !caller.isAdmin()) {
            throw ApiException.forbidden("The requested image has been deactivated. Image data download is "
                    + "forbidden.");
        }
        if (image.status != ImageStatus.ACTIVE && image.status != ImageStatus.DEACTIVATED) {
            return Uni.createFrom().item(new ImageData(image, null));
        }
        // The first location in the image's list, as Glance reads the first one that works.
        return ImageLocationRecord.shown(session, List.of(image.id))
                .map(locations -> new ImageData(image, locations.isEmpty() ? null : locations.get(0)));
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
