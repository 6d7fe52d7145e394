package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** {@code GET /v2/images/{id}/file}: finds where the data is and opens it. Blocking. */
@ApplicationScoped
public class DownloadService {

    private final Transactions tx;
    private final Stores stores;
    private final ImageAccess access;

    public DownloadService(Transactions tx, Stores stores, ImageAccess access) {
        this.tx = tx;
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
        return session.createSelectionQuery(
                        "from ImageLocationRecord where imageId = :id and status = :active order by createdAt",
                        ImageLocationRecord.class)
                .setParameter("id", image.id)
                .setParameter("active", LocationStatus.ACTIVE)
                .setMaxResults(1)
                .getResultList()
                .map(locations -> new ImageData(image, locations.isEmpty() ? null : locations.get(0)));
    }

    public InputStream open(ImageLocationRecord location, long offset, long length) {
        if (offset == 0 && length == location.size) {
            return stores.objectsOf(location.store).open(location.bucket, location.objectKey);
        }
        return stores.objectsOf(location.store).open(location.bucket, location.objectKey, offset, length);
    }
}
