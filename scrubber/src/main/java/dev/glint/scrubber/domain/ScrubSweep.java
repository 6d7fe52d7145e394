package dev.glint.scrubber.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Glance's scrubber daemon loop: every wakeup_time, scrub the pending_delete images that are due.
 * It is what finds images whose delete event this service never saw.
 */
@ApplicationScoped
public class ScrubSweep {

    private static final Logger LOG = Logger.getLogger(ScrubSweep.class);
    private static final int BATCH = 100;

    private final Scrubber scrubber;

    public ScrubSweep(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    @Scheduled(every = "${glint.scrubber.wakeup-time}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return scrubber.due(BATCH)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> scrubber.scrub(id)
                        .onFailure().recoverWithItem(failure -> {
                            // One bad image must not stop the others.
                            LOG.warnf("Scrubbing image %s failed, will retry: %s", id, failure.getMessage());
                            return false;
                        }))
                .collect().asList()
                .replaceWithVoid();
    }
}
