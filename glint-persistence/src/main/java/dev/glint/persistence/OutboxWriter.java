package dev.glint.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImageEvent;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImportWork;
import dev.glint.domain.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Records events in the outbox inside the caller's transaction, so an event exists exactly when
 * the change it reports was committed.
 */
@ApplicationScoped
public class OutboxWriter {

    private final ObjectMapper json;

    public OutboxWriter(ObjectMapper json) {
        this.json = json;
    }

    public Uni<ImageEvent> imageEvent(Mutiny.Session session, ImageRecord image, ImageStatus from,
            ImageEventType type, Map<String, String> data) {
        ImageEvent event = new ImageEvent(UUID.randomUUID(), type.wireName(), image.id,
                from == null ? null : from.apiName(), image.status.apiName(), Instant.now(),
                ImageNotificationPayload.of(image), Map.copyOf(data));
        return append(session, type.stream().topic(), image.id.toString(), event.type(), event.eventId(), event)
                .replaceWith(event);
    }

    /** Import work is keyed by task, so one task's hand-outs and outcome stay in order. */
    public Uni<Void> importWork(Mutiny.Session session, ImportWork work) {
        return append(session, Topics.IMPORT_WORK, work.taskId().toString(), work.type(), work.eventId(), work);
    }

    public Uni<Void> append(Mutiny.Session session, String topic, String key, String type, UUID eventId,
            Object event) {
        OutboxRecord row = new OutboxRecord();
        row.eventId = eventId;
        row.topic = topic;
        row.messageKey = key;
        row.eventType = type;
        row.payload = toJson(event);
        row.createdAt = Instant.now();
        return nextSequence(session, topic, key).flatMap(sequence -> {
            row.sequence = sequence;
            return session.persist(row);
        });
    }

    /**
     * The next number of the key's stream on the topic. The upsert locks the counter row until this
     * transaction ends, so a concurrent change of the same subject waits and takes the next number:
     * the numbers follow the commit order, and a rolled back change gives its number back.
     */
    private static Uni<Long> nextSequence(Mutiny.Session session, String topic, String key) {
        return session.createNativeQuery("""
                        insert into event_sequences (topic, message_key, last_sequence) values (?1, ?2, 1)
                        on conflict (topic, message_key)
                        do update set last_sequence = event_sequences.last_sequence + 1
                        returning last_sequence""", Long.class)
                .setParameter(1, topic)
                .setParameter(2, key)
                .getSingleResult();
    }

    private String toJson(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event cannot be written as JSON", e);
        }
    }
}
