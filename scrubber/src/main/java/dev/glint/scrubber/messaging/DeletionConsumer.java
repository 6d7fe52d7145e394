package dev.glint.scrubber.messaging;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.events.ImageChanged;
import dev.glint.persistence.messaging.EventReader;
import dev.glint.persistence.messaging.PoisonMessages;
import io.cloudevents.CloudEvent;
import dev.glint.scrubber.domain.ScrubPool;
import dev.glint.scrubber.domain.Scrubber;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Schedules the scrub of each image that went to pending_delete for when it is due. A scrub that is
 * scheduled twice (redelivery) or lost (restart) is harmless: the scrub is a compare-and-set, and the
 * sweep finds what was lost.
 */
@ApplicationScoped
public class DeletionConsumer {

    private static final Logger LOG = Logger.getLogger(DeletionConsumer.class);

    private final EventReader events;
    private final Scrubber scrubber;
    private final ScrubPool pool;
    private final Vertx vertx;
    private final PoisonMessages poison;

    public DeletionConsumer(EventReader events, Scrubber scrubber, ScrubPool pool, Vertx vertx, PoisonMessages poison) {
        this.poison = poison;
        this.events = events;
        this.scrubber = scrubber;
        this.pool = pool;
        this.vertx = vertx;
    }

    @Incoming("deletions")
    public void onEvent(CloudEvent received) {
        poison.handle("deletions", received, this::schedule);
    }

    private void schedule(CloudEvent received) {
        if (!EventReader.is(received, ImageEventType.DELETE.wireName())) {
            return;
        }
        ImageChanged event = events.data(received, ImageChanged.class);
        if (!ImageStatus.PENDING_DELETE.apiName().equals(event.toStatus())) {
            return;
        }
        UUID imageId = EventReader.subjectId(received);
        Instant deletedAt = received.getTime() == null ? Instant.now() : received.getTime().toInstant();
        long delay = Math.max(1, Duration.between(Instant.now(), scrubber.dueAt(deletedAt)).toMillis());
        vertx.setTimer(delay, timer -> pool.submit(imageId).subscribe().with(
                scrubbed -> { },
                failure -> LOG.warnf("Scrubbing image %s failed, the sweep will retry: %s",
                        imageId, failure.getMessage())));
    }
}
