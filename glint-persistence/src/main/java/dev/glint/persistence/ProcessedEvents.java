package dev.glint.persistence;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The idempotent-consumer record: a consumer claims an event id in the same transaction as the
 * event's effect, so a redelivered event finds its claim and changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final Mutiny.SessionFactory sessions;
    private final Duration keep;

    public ProcessedEvents(Mutiny.SessionFactory sessions,
            @ConfigProperty(name = "glint.consumers.keep-processed", defaultValue = "P8D") Duration keep) {
        this.sessions = sessions;
        this.keep = keep;
    }

    /** True when this consumer had not processed the event before (the claim is now held). */
    public Uni<Boolean> claim(Mutiny.Session session, String consumer, UUID eventId) {
        return session.createNativeQuery("insert into processed_events (consumer, event_id, processed_at) "
                        + "values (?1, ?2, now()) on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    /**
     * Claims older than Kafka keeps events (7 days by default) can never be asked for again, so they
     * go; the default keeps one day more.
     */
    @Scheduled(every = "1h", delayed = "5m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeOld() {
        return sessions.withTransaction(session -> session
                        .createNativeQuery("delete from processed_events where processed_at < ?1")
                        .setParameter(1, Instant.now().minus(keep))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
