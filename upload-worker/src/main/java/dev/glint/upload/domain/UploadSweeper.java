package dev.glint.upload.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Finds uploads that were stored but never verified (their event failed, or every worker was down
 * for long) so that no image stays in saving forever.
 */
@ApplicationScoped
public class UploadSweeper {

    private static final Logger LOG = Logger.getLogger(UploadSweeper.class);

    private final Transactions tx;
    private final UploadVerifier verifier;
    private final Duration sweepAfter;

    public UploadSweeper(Transactions tx, UploadVerifier verifier,
            @ConfigProperty(name = "glint.upload-worker.sweep-after") Duration sweepAfter) {
        this.tx = tx;
        this.verifier = verifier;
        this.sweepAfter = sweepAfter;
    }

    @Scheduled(every = "${glint.upload-worker.sweep-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        List<ImageLocationRecord> stale = tx.awaitRead(session -> session.createSelectionQuery(
                        "select l from ImageLocationRecord l, ImageRecord i where i.id = l.imageId "
                                + "and l.status = :pending and i.status = :saving and l.createdAt < :before",
                        ImageLocationRecord.class)
                .setParameter("pending", LocationStatus.PENDING)
                .setParameter("saving", ImageStatus.SAVING)
                .setParameter("before", Instant.now().minus(sweepAfter))
                .setMaxResults(100)
                .getResultList());
        for (ImageLocationRecord location : stale) {
            LOG.infof("Verifying image %s, stored %s ago and not yet verified", location.imageId,
                    Duration.between(location.createdAt, Instant.now()));
            try {
                verifier.verify(location.imageId, location.id, null);
            } catch (RuntimeException e) {
                LOG.warnf("Verification of image %s failed, will retry: %s", location.imageId, e.getMessage());
            }
        }
    }
}
