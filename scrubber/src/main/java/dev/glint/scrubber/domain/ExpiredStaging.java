package dev.glint.scrubber.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Staged data that nobody imported within the staged-max-age is removed by the reconciler; an image
 * still in uploading would then wait for an import whose data is gone. Before the data goes, such an
 * image is given back to queued (uploading -> queued, "staging failed" in docs/statuses.md), so that
 * its owner can stage again. An image that has meanwhile started its import keeps its data.
 */
@ApplicationScoped
public class ExpiredStaging {

    private static final Logger LOG = Logger.getLogger(ExpiredStaging.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;

    public ExpiredStaging(Transactions tx, ImageLifecycle lifecycle) {
        this.tx = tx;
        this.lifecycle = lifecycle;
    }

    /**
     * Whether the staged data of {@code imageId} may be removed now: true when no image waits for
     * it any more (given back here, or it was never or no longer in uploading), false when an import
     * of it has started. Under the row lock, so that an import cannot start in between.
     */
    public boolean release(UUID imageId, Duration stagedFor) {
        return tx.awaitTransaction(session -> session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> {
                    if (image == null) {
                        return Uni.createFrom().item(true);
                    }
                    if (image.status == ImageStatus.IMPORTING) {
                        return Uni.createFrom().item(false);
                    }
                    if (image.status != ImageStatus.UPLOADING) {
                        return Uni.createFrom().item(true);
                    }
                    String reason = "staging expired: the staged data was not imported within " + stagedFor
                            + " and is removed";
                    LOG.warnf("Image %s waited in uploading with data staged %s ago and no import; back to queued",
                            imageId, stagedFor);
                    return lifecycle.move(session, ImageChange.of(ImageTransition.GIVE_BACK_TO_QUEUED, image).reason(reason))
                            .replaceWith(true);
                }));
    }
}
