package dev.glint.persistence.metadefs;

import dev.glint.domain.MetadefEvent;
import dev.glint.domain.MetadefEventType;
import dev.glint.domain.Topics;
import dev.glint.persistence.OutboxWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes metadata definition events to the outbox in the caller's transaction, so an event exists
 * exactly when its change was committed. Events are keyed by namespace name: the changes of one
 * namespace reach consumers in the order they were made.
 */
@ApplicationScoped
public class MetadefEvents {

    private final OutboxWriter outbox;

    public MetadefEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<MetadefEvent> record(Mutiny.Session session, MetadefEventType type, String namespace,
            Map<String, Object> payload) {
        MetadefEvent event = new MetadefEvent(UUID.randomUUID(), type.wireName(), namespace, Instant.now(), payload);
        return outbox.append(session, Topics.METADEF_EVENTS, namespace, event.type(), event.eventId(), event)
                .replaceWith(event);
    }
}
