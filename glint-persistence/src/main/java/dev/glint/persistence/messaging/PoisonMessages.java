package dev.glint.persistence.messaging;

import dev.glint.domain.Topics;
import dev.glint.domain.events.EventCatalog;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What Glint's consumers do with a record they cannot use: an unparseable one ({@link UnparseableRecords};
 * the connector dead-letters it without calling the consumer), one whose type no Glint service
 * produces, or one whose handler keeps failing after {@code glint.events.handler-attempts} tries.
 * Each is counted in {@code glint_events_dead_lettered_total{topic,reason}}, logged, and failed, so that
 * the connector's {@code dead-letter-queue} strategy publishes it to {@link Topics#DEAD_LETTERS}
 * (with the original bytes, topic, partition, offset and the reason in its headers) and goes on
 * with the partition's next record: a poison record neither blocks its partition nor vanishes.
 */
@ApplicationScoped
public class PoisonMessages {

    private static final Logger LOG = Logger.getLogger(PoisonMessages.class);

    private final MeterRegistry metrics;
    private final Config config;
    private final int attempts;
    private final Duration backoff;

    public PoisonMessages(MeterRegistry metrics, Config config,
            @ConfigProperty(name = "glint.events.handler-attempts", defaultValue = "3") int attempts,
            @ConfigProperty(name = "glint.events.retry-backoff", defaultValue = "PT1S") Duration backoff) {
        this.metrics = metrics;
        this.config = config;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
    }

    /** A record no handler can use, failed on purpose so that the connector dead-letters it. */
    public static final class PoisonMessage extends RuntimeException {
        PoisonMessage(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code handler} on {@code event} from {@code channel} once, dead-lettering what it cannot
     * use: for handlers on the event loop, whose work is in memory or handed on (a failure there is
     * the record's, not a passing one, and the event loop must not wait to retry).
     */
    public void handle(String channel, CloudEvent event, Consumer<CloudEvent> handler) {
        usable(channel, event);
        try {
            handler.accept(event);
        } catch (RuntimeException e) {
            throw gaveUp(channel, event, e, 1);
        }
    }

    /**
     * Runs {@code handler} on {@code event} from {@code channel} on a worker thread, retried with a
     * growing pause ({@code glint.events.retry-backoff}, doubled each time) up to
     * {@code glint.events.handler-attempts} times, dead-lettering what it cannot use.
     */
    public void handleBlocking(String channel, CloudEvent event, Consumer<CloudEvent> handler) {
        usable(channel, event);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.accept(event);
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw gaveUp(channel, event, e, attempts);
                }
                LOG.warnf("Event %s (%s) on %s failed (attempt %d of %d), retrying: %s", event.getId(), event.getType(),
                        channel, attempt, attempts, e.getMessage());
                pause(attempt);
            }
        }
    }

    /** {@link #handle} for a handler that returns a {@link Uni}. */
    public Uni<Void> handleAsync(String channel, CloudEvent event, Function<CloudEvent, Uni<Void>> handler) {
        try {
            usable(channel, event);
        } catch (PoisonMessage e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Void> run = Uni.createFrom().deferred(() -> handler.apply(event));
        if (attempts > 1) {
            run = run.onFailure().invoke(e -> LOG.warnf("Event %s (%s) on %s failed, retrying: %s", event.getId(),
                            event.getType(), channel, e.getMessage()))
                    .onFailure().retry().withBackOff(backoff).atMost(attempts - 1);
        }
        return run.onFailure().transform(e -> gaveUp(channel, event, e, attempts));
    }

    /** Counts a record of {@code topic} the deserializer could not read (the connector dead-letters it). */
    void unparseable(String topic, Exception failure) {
        count(topic, "unparseable");
        LOG.errorf("Dead-lettering a record of %s that is no CloudEvent Glint can read (unparseable) to %s: %s", topic,
                Topics.DEAD_LETTERS, failure.getMessage());
    }

    private void usable(String channel, CloudEvent event) {
        if (event == null) {
            // Unparseable records are dead-lettered before they reach a consumer; a null here is a record without a value.
            throw poison(channel, "unparseable", "a record without a value", null);
        }
        boolean known = EventCatalog.entries().stream().anyMatch(entry -> entry.cloudEventType().equals(event.getType()));
        if (!known) {
            throw poison(channel, "unknown type", "event " + event.getId() + " of type " + event.getType()
                    + ", which no Glint service produces", null);
        }
    }

    private PoisonMessage gaveUp(String channel, CloudEvent event, Throwable cause, int tries) {
        if (cause instanceof PoisonMessage poison) {
            return poison;
        }
        return poison(channel, "handler failed", "event " + event.getId() + " (" + event.getType() + "), whose handler failed "
                + tries + " time(s): " + cause.getMessage(), cause);
    }

    private PoisonMessage poison(String channel, String reason, String what, Throwable cause) {
        String topic = config.getOptionalValue("mp.messaging.incoming." + channel + ".topic", String.class).orElse(channel);
        count(topic, reason);
        LOG.errorf("Dead-lettering %s from %s (%s) to %s", what, topic, reason, Topics.DEAD_LETTERS);
        return new PoisonMessage(reason + ": " + what, cause);
    }

    private void count(String topic, String reason) {
        metrics.counter("glint.events.dead.lettered", "topic", topic, "reason", reason).increment();
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(backoff.toMillis() << Math.min(attempt - 1, 4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an event", e);
        }
    }
}
