package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Glance's {@code DELETE /v2/stores/{store}/{image}}: removes an active image's data from one store
 * and keeps it in the others, as its {@code delete_image_location} rule allows (admins by default).
 * The store must be configured (409), the image visible (404) and active (409), held by that store
 * (404) and by another one too (403: the last copy goes only with the image). The location is
 * marked deleted and {@code image.update} published in one transaction; the object is removed once
 * that is committed (if that fails, the scrubber's reconciliation removes it, as no live location
 * names it any more).
 */
@ApplicationScoped
public class StoreDataRemoval {

    private static final Logger LOG = Logger.getLogger(StoreDataRemoval.class);

    private final Transactions tx;
    private final ImageAccess access;
    private final ImageLifecycle lifecycle;
    private final Stores stores;

    public StoreDataRemoval(Transactions tx, ImageAccess access, ImageLifecycle lifecycle, Stores stores) {
        this.tx = tx;
        this.access = access;
        this.lifecycle = lifecycle;
        this.stores = stores;
    }

    public Uni<Void> remove(Caller caller, String storeId, String id) {
        if (stores.find(storeId).isEmpty()) {
            throw ApiException.conflict("The selected store " + storeId + " is not available on this node.");
        }
        return tx.inTransaction(session -> session.find(ImageRecord.class, ImageService.parseId(id),
                                LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(image -> access.visible(session, caller, image, id))
                        .flatMap(image -> access.require(session, caller, image, "delete_image_location"))
                        .flatMap(image -> detach(session, image, storeId)))
                .flatMap(this::removeObjects);
    }

    private Uni<List<ImageLocationRecord>> detach(Mutiny.Session session, ImageRecord image, String storeId) {
        if (image.status != ImageStatus.ACTIVE) {
            throw ApiException.conflict("It's not allowed to remove image data from store if image status is not "
                    + "'active'");
        }
        return ImageLocationRecord.live(session, image.id).flatMap(live -> {
            List<ImageLocationRecord> here = live.stream()
                    .filter(location -> location.status == LocationStatus.ACTIVE && storeId.equals(location.store))
                    .toList();
            if (here.isEmpty()) {
                throw ApiException.notFound("Image " + image.id + " is not stored in store " + storeId + ".");
            }
            if (live.stream().noneMatch(location -> location.status == LocationStatus.ACTIVE
                    && !storeId.equals(location.store))) {
                throw ApiException.forbidden("Cannot delete image data from the only store containing it. Consider "
                        + "deleting the image instead if you want to remove all image data");
            }
            Instant now = Instant.now();
            here.forEach(location -> {
                location.status = LocationStatus.DELETED;
                location.updatedAt = now;
            });
            image.updatedAt = now;
            return session.flush()
                    .chain(() -> lifecycle.announce(session, image, ImageEventType.UPDATE,
                            Map.of("removed_from_store", storeId)))
                    .replaceWith(here);
        });
    }

    private Uni<Void> removeObjects(List<ImageLocationRecord> locations) {
        return VertxContextSupport.executeBlocking(() -> {
            for (ImageLocationRecord location : locations) {
                try {
                    stores.objectsOf(location.store).remove(location.bucket, location.objectKey);
                    LOG.infof("Removed the data of image %s from store %s", location.imageId, location.store);
                } catch (RuntimeException e) {
                    LOG.warnf("Could not remove the data of image %s from store %s (the scrubber's reconciliation "
                            + "will): %s", location.imageId, location.store, e.getMessage());
                }
            }
            return null;
        }).replaceWithVoid();
    }
}
