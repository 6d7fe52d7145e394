package dev.glint.api.domain;

import dev.glint.api.cache.ImageCache;
import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@code GET /v2/images/{id}/file}: finds where the data is and opens it, from the image cache when
 * it has the image (and filling it on a whole download when it has not). Blocking.
 */
@ApplicationScoped
public class DownloadService {

    private final Transactions tx;
    private final ImageDataReader reader;
    private final ImageCache cache;
    private final ImageAccess access;

    public DownloadService(Transactions tx, ImageDataReader reader, ImageCache cache, ImageAccess access) {
        this.tx = tx;
        this.reader = reader;
        this.cache = cache;
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
     * Opens {@code length} bytes from {@code offset} of the located data. An active image's come
     * from the cache when it has them; a whole download of one it has not passes through it. The
     * cache never serves an image that is not active (the status was read for this request), and
     * a deactivated image an admin downloads leaves the cache.
     */
    public InputStream open(ImageData data, long offset, long length) {
        ImageRecord image = data.image();
        ImageLocationRecord location = data.location();
        if (!cache.enabled()) {
            return reader.open(location, offset, length);
        }
        if (image.status != ImageStatus.ACTIVE) {
            cache.forget(image.id, "image_gone");
            return reader.open(location, offset, length);
        }
        Optional<InputStream> cached = cache.open(image, offset, length);
        if (cached.isPresent()) {
            return cached.get();
        }
        InputStream stored = reader.open(location, offset, length);
        return offset == 0 && length == location.size ? cache.fillWhileReading(image, stored) : stored;
    }
}
