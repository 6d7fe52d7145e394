package dev.glint.scrubber.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.TaskStatus;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Copies an import began and never finished: the import-worker records a copy (a PENDING location)
 * before it writes it, so that a worker killed during the write leaves a trace; the attempt that
 * finishes the import drops the PENDING copies of earlier attempts. But a worker killed while its
 * attempt was already superseded, or after the image's last import ended, leaves a PENDING row that
 * nothing ever finishes: it names a partial or missing object and keeps it from the orphan
 * reconciler for good (the fault run found three, next to their image's ACTIVE copy).
 *
 * <p>A PENDING copy is abandoned when it is older than the reconciler's grace period, its image is
 * in a status where no upload or import writes to it (queued, active, deactivated, pending_delete;
 * an upload's PENDING copy lives only while its image is saving) and no task that may import into
 * the image is pending or processing (copy-image writes PENDING copies of an active image). It is
 * marked DELETED; the reconciler then removes its object as the orphan it is.
 */
@ApplicationScoped
public class AbandonedCopies {

    private static final Logger LOG = Logger.getLogger(AbandonedCopies.class);
    private static final List<ImageStatus> AT_REST = List.of(ImageStatus.QUEUED, ImageStatus.ACTIVE,
            ImageStatus.DEACTIVATED, ImageStatus.PENDING_DELETE);

    private final Transactions tx;

    public AbandonedCopies(Transactions tx) {
        this.tx = tx;
    }

    /** Marks the abandoned copies older than {@code grace} deleted; returns how many. */
    public int release(Duration grace) {
        Instant now = Instant.now();
        int released = tx.awaitTransaction(session -> session.createMutationQuery("update ImageLocationRecord l "
                        + "set l.status = :deleted, l.updatedAt = :now "
                        + "where l.status = :pending and l.url is null and l.createdAt < :before "
                        + "and l.imageId in (select i.id from ImageRecord i where i.status in :atRest) "
                        + "and l.imageId not in (select t.imageId from TaskRecord t "
                        + "where t.imageId is not null and t.status in :running)")
                .setParameter("deleted", LocationStatus.DELETED)
                .setParameter("now", now)
                .setParameter("pending", LocationStatus.PENDING)
                .setParameter("before", now.minus(grace))
                .setParameter("atRest", AT_REST)
                .setParameter("running", List.of(TaskStatus.PENDING, TaskStatus.PROCESSING))
                .executeUpdate());
        if (released > 0) {
            LOG.infof("Marked %d abandoned copy(ies) deleted: PENDING locations of images no upload or import "
                    + "writes to; their objects are now orphans", released);
        }
        return released;
    }
}
