package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.policy.AccessPolicy;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Glance's {@code glance-scrubber --restore}: an admin brings a pending_delete image back to active
 * before the scrubber has removed its data. It takes the same row lock as the scrubber, so it waits
 * for a scrub in progress (and then finds the image deleted), and a scrub waits for it.
 */
@ApplicationScoped
public class ImageRestoreService {

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final AccessPolicy policy;

    public ImageRestoreService(Transactions tx, ImageLifecycle lifecycle, AccessPolicy policy) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.policy = policy;
    }

    public Uni<ImageRecord> restore(Caller caller, String id) {
        // Decided before the image is looked at: a pending_delete image is invisible to everyone else.
        if (!policy.allows("restore_image", caller, PolicyTarget.project(caller.projectId()))) {
            throw ApiException.forbidden("Only an admin can restore a deleted image.");
        }
        UUID uuid = ImageService.parseId(id);
        return tx.inTransaction(session -> session.find(ImageRecord.class, uuid, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> {
                    if (image == null) {
                        throw ApiException.imageNotFound(id);
                    }
                    if (image.status != ImageStatus.PENDING_DELETE) {
                        throw ApiException.conflict("Image " + id + " is " + image.status.apiName()
                                + ", not pending_delete; only an image waiting for the scrubber can be restored.");
                    }
                    return requireAllData(session, image).chain(() -> lifecycle.move(session,
                            ImageChange.of(ImageTransition.RESTORE, image)));
                })
                .map(moved -> moved.orElseThrow(() -> ApiException.conflict(
                        "Image " + id + " changed while it was being restored; try again."))));
    }

    /**
     * A scrub that failed half-way leaves some copies removed; such an image is past saving, since
     * the copy a reader would pick may be gone.
     */
    private static Uni<Void> requireAllData(Mutiny.Session session, ImageRecord image) {
        return session.createSelectionQuery("select count(*) from ImageLocationRecord where imageId = :id "
                        + "and status = :deleted and updatedAt >= :deletedAt", Long.class)
                .setParameter("id", image.id)
                .setParameter("deleted", LocationStatus.DELETED)
                .setParameter("deletedAt", image.deletedAt)
                .getSingleResult()
                .invoke(removed -> {
                    if (removed > 0) {
                        throw ApiException.conflict("The scrubber has already removed data of image " + image.id
                                + "; it cannot be restored.");
                    }
                })
                .replaceWithVoid();
    }
}
