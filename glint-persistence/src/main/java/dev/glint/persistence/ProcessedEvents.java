package dev.glint.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The idempotent-consumer record: a consumer claims an event id in the same transaction as the
 * event's effect, so a redelivered event finds its claim and changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** True when this consumer had not processed the event before (the claim is now held). */
    public Uni<Boolean> claim(Mutiny.Session session, String consumer, UUID eventId) {
        return session.createNativeQuery("insert into processed_events (consumer, event_id, processed_at) "
                        + "values (?1, ?2, now()) on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }
}
