package dev.glint.scrubber.domain;

import dev.glint.persistence.Transactions;
import dev.glint.scrubber.persistence.DeletedImagePurge;
import dev.glint.scrubber.persistence.ScrubRetries;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The slow loop next to the sweep: drops the copies imports abandoned, removes stored data that no
 * image owns and purges long-deleted rows. Every replica runs it; both halves are idempotent, so two runs at once only repeat work.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final OrphanReconciler reconciler;
    private final AbandonedCopies abandonedCopies;
    private final DeletedImagePurge purge;
    private final ScrubRetries retries;
    private final Transactions tx;
    private final ScrubberConfig config;
    private final ScrubberMetrics metrics;

    public Housekeeping(OrphanReconciler reconciler, AbandonedCopies abandonedCopies, DeletedImagePurge purge, ScrubRetries retries, Transactions tx,
            ScrubberConfig config, ScrubberMetrics metrics) {
        this.reconciler = reconciler;
        this.abandonedCopies = abandonedCopies;
        this.purge = purge;
        this.retries = retries;
        this.tx = tx;
        this.config = config;
        this.metrics = metrics;
    }

    // A blocking method: the scheduler runs it on a worker thread, where listing the store may take long.
    @Scheduled(every = "${glint.scrubber.reconcile.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        boolean dryRun = config.reconcile().dryRun();
        try {
            tx.awaitTransaction(retries::clearStale);
            if (config.reconcile().enabled()) {
                if (!dryRun) {
                    abandonedCopies.release(config.reconcile().gracePeriod());
                }
                reconciler.reconcile(dryRun);
            }
            if (!config.purgeDeletedAfter().isNegative() && !config.purgeDeletedAfter().isZero()) {
                int purged = purge.purge(config.purgeDeletedAfter(), dryRun);
                if (!dryRun) {
                    metrics.purged(purged);
                }
            }
        } catch (RuntimeException e) {
            metrics.failed();
            LOG.warnf(e, "Housekeeping failed, the next run will retry");
        }
    }
}
