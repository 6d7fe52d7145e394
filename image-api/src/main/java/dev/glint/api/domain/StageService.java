package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.PartObserver;
import dev.glint.storage.Stores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * {@code PUT /v2/images/{id}/stage}: queued -> uploading, the body streamed into the staging area of
 * the default store (shared by every replica, unlike Glance's local staging directory), and the
 * size recorded. The image stays uploading until {@code POST /import} with glance-direct. Runs on a
 * worker thread: it blocks on the stream.
 */
@ApplicationScoped
public class StageService {

    private static final Logger LOG = Logger.getLogger(StageService.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final Stores stores;
    private final Quotas quotas;
    private final ImageAccess access;
    private final TransferHeartbeats heartbeats;

    public StageService(Transactions tx, ImageLifecycle lifecycle, Stores stores, Quotas quotas, ImageAccess access,
            TransferHeartbeats heartbeats) {
        this.heartbeats = heartbeats;
        this.access = access;
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.stores = stores;
        this.quotas = quotas;
    }

    public void stage(Caller caller, String id, long declaredSize, InputStream body) {
        UUID imageId = ImageService.parseId(id);
        MDC.put("imageId", imageId.toString());
        try {
            tx.awaitTransaction(session -> begin(session, caller, imageId, id, declaredSize));
            Stores.Store staging = stores.defaultStore();
            String key = ObjectKeys.staged(imageId);
            long size;
            heartbeats.started(imageId);
            try {
                size = staging.objects().put(staging.bucket(), key, body, declaredSize, PartObserver.NONE).size();
            } catch (RuntimeException e) {
                LOG.warnf("Staging of image %s failed: %s", imageId, e.getMessage());
                removeQuietly(staging, key);
                backToQueued(imageId, "staging failed: " + e.getMessage());
                throw ApiException.unavailable("The image data could not be staged: " + e.getMessage());
            } finally {
                heartbeats.ended(imageId);
            }
            boolean recorded;
            try {
                recorded = tx.awaitTransaction(session -> recordStaged(session, imageId, size, declaredSize < 0));
            } catch (ApiException e) {
                removeQuietly(staging, key);
                backToQueued(imageId, e.getMessage());
                throw e;
            }
            if (!recorded) {
                removeQuietly(staging, key);
                throw ApiException.conflict("Image " + imageId + " was changed (deleted?) while it was staged.");
            }
            LOG.infof("Staged %d bytes for image %s", size, imageId);
        } finally {
            MDC.remove("imageId");
        }
    }

    private Uni<ImageRecord> begin(Mutiny.Session session, Caller caller, UUID imageId, String id,
            long declaredSize) {
        return session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(found -> access.visible(session, caller, found, id))
                .flatMap(image -> access.require(session, caller, image, "modify_image"))
                .call(image -> {
                    if (image.status != ImageStatus.QUEUED) {
                        throw ApiException.conflict("Image status transition from " + image.status.apiName()
                                + " to uploading is not allowed");
                    }
                    return quotas.checkStage(session, image.owner, declaredSize);
                })
                .flatMap(image -> lifecycle.move(session, ImageChange.of(ImageTransition.START_STAGING, image))
                        .map(moved -> moved.orElseThrow(() -> ApiException.conflict(
                                "Image " + imageId + " changed while staging started; try again."))));
    }

    private Uni<Boolean> recordStaged(Mutiny.Session session, UUID imageId, long size, boolean sizeWasUnknown) {
        return session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE).flatMap(image -> {
            if (image == null || image.status != ImageStatus.UPLOADING) {
                return Uni.createFrom().item(false);
            }
            Uni<Void> quota = sizeWasUnknown
                    ? quotas.checkStaged(session, image.owner, size)
                    : Uni.createFrom().voidItem();
            return quota.flatMap(ok -> lifecycle.move(session, ImageChange.of(ImageTransition.DATA_STAGED, image)
                    .set(ImageField.SIZE, size))).map(Optional::isPresent);
        });
    }

    private void backToQueued(UUID imageId, String reason) {
        tx.awaitTransaction(session -> lifecycle.move(session,
                ImageChange.of(ImageTransition.GIVE_BACK_TO_QUEUED, imageId, ImageStatus.UPLOADING).reason(reason)));
    }

    private static void removeQuietly(Stores.Store store, String key) {
        try {
            store.objects().remove(store.bucket(), key);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove partly staged data %s: %s", key, e.getMessage());
        }
    }
}
