package dev.glint.api.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Gives back images whose transfer died with the image-api that ran it: saving -> queued and
 * uploading -> queued (the transitions of a transfer that failed), so that the owner can upload
 * again instead of finding the image stuck. What the dead transfer may have left in a store belongs
 * to no location and is removed by the scrubber as an orphan.
 */
@ApplicationScoped
public class AbandonedTransfers {

    private static final Logger LOG = Logger.getLogger(AbandonedTransfers.class);
    private static final int BATCH = 100;

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final TransfersConfig config;
    private final MeterRegistry metrics;

    public AbandonedTransfers(Transactions tx, ImageLifecycle lifecycle, TransfersConfig config, MeterRegistry metrics) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${glint.api.transfers.sweep-interval}", delayed = "${glint.api.transfers.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant cutoff = Instant.now().minus(config.abandonedAfter());
        List<UUID> candidates = tx.awaitRead(session -> session.createSelectionQuery(
                        "select i.id from ImageRecord i where i.transferHeartbeatAt < :cutoff and i.status in :statuses",
                        UUID.class)
                .setParameter("cutoff", cutoff)
                .setParameter("statuses", List.of(ImageStatus.SAVING, ImageStatus.UPLOADING))
                .setMaxResults(BATCH)
                .getResultList());
        for (UUID imageId : candidates) {
            MDC.put("imageId", imageId.toString());
            try {
                tx.awaitTransaction(session -> giveBack(session, imageId, cutoff)).ifPresent(from -> metrics
                        .counter("glint.transfers.abandoned", "status", from.apiName()).increment());
            } catch (RuntimeException e) {
                LOG.warnf("Could not give back image %s after its abandoned transfer, will retry: %s", imageId,
                        e.getMessage());
            } finally {
                MDC.remove("imageId");
            }
        }
    }

    /**
     * The status the image was given back from, if it was. Under the row lock the heartbeat is
     * checked again: a transfer that just beat is alive.
     */
    Uni<Optional<ImageStatus>> giveBack(Mutiny.Session session, UUID imageId, Instant cutoff) {
        return session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE).flatMap(image -> {
            if (image == null || image.transferHeartbeatAt == null || !image.transferHeartbeatAt.isBefore(cutoff)
                    || (image.status != ImageStatus.SAVING && image.status != ImageStatus.UPLOADING)) {
                return Uni.createFrom().item(Optional.<ImageStatus>empty());
            }
            long silent = Duration.between(image.transferHeartbeatAt, Instant.now()).toSeconds();
            String reason = (image.status == ImageStatus.SAVING ? "upload" : "staging")
                    + " abandoned: its transfer gave no sign of life for " + silent + " s";
            LOG.warnf("Image %s was %s, but its transfer gave no sign of life for %d s (its image-api is gone); "
                    + "back to queued", imageId, image.status.apiName(), silent);
            ImageStatus from = image.status;
            return lifecycle.move(session, ImageChange.of(ImageTransition.GIVE_BACK_TO_QUEUED, image).reason(reason))
                    .map(moved -> moved.map(ignored -> from));
        });
    }
}
