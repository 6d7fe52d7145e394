package dev.glint.scrubber.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Glance's scrubber daemon loop: every wakeup_time, scrub the pending_delete images that are due.
 * It is what finds images whose delete event this service never saw, and what retries images a
 * store error left behind.
 */
@ApplicationScoped
public class ScrubSweep {

    private static final Logger LOG = Logger.getLogger(ScrubSweep.class);
    private static final int BATCH = 100;

    private final Scrubber scrubber;
    private final ScrubPool pool;
    private final ScrubberMetrics metrics;

    public ScrubSweep(Scrubber scrubber, ScrubPool pool, ScrubberMetrics metrics) {
        this.scrubber = scrubber;
        this.pool = pool;
        this.metrics = metrics;
    }

    @Scheduled(every = "${glint.scrubber.wakeup-time}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return metrics.refresh()
                .chain(this::sweepBatches)
                .chain(metrics::refresh);
    }

    /** Scrubs due images a batch at a time until a batch leaves nothing more to do. */
    private Uni<Void> sweepBatches() {
        return scrubber.due(BATCH).flatMap(ids -> scrubAll(ids).flatMap(scrubbed ->
                ids.size() == BATCH && scrubbed > 0 ? sweepBatches() : Uni.createFrom().voidItem()));
    }

    private Uni<Long> scrubAll(List<UUID> ids) {
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndMerge(id -> pool.submit(id)
                        .onFailure().recoverWithItem(failure -> {
                            // One bad image must not stop the others.
                            LOG.warnf("Scrubbing image %s failed, will retry: %s", id, failure.getMessage());
                            return false;
                        }))
                .filter(Boolean::booleanValue)
                .collect().with(Collectors.counting());
    }
}
