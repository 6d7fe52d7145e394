package dev.glint.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.ImportWork;
import dev.glint.domain.TaskEventType;
import dev.glint.domain.TaskStatus;
import dev.glint.domain.Topics;
import dev.glint.domain.events.DataReceived;
import dev.glint.domain.events.EventStream;
import dev.glint.domain.events.ImageChanged;
import dev.glint.domain.events.ImageMemberChanged;
import dev.glint.domain.events.TaskChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Records events in the outbox inside the caller's transaction, so an event exists exactly when
 * the change it reports was committed. Each kind of fact has its typed data record
 * ({@code dev.glint.domain.events}) and goes on its type's topic; the envelope (id, type, subject,
 * time, sequence) is the outbox row's, published as CloudEvents attributes by the relay.
 */
@ApplicationScoped
public class OutboxWriter {

    private final ObjectMapper json;

    public OutboxWriter(ObjectMapper json) {
        this.json = json;
    }

    /** A public fact about the image after {@code transition} (from {@code from}; null when it was created). */
    public Uni<ImageChanged> imageChanged(Mutiny.Session session, ImageRecord image, ImageStatus from,
            ImageTransition transition, String reason) {
        ImageEventType type = transition.eventType();
        ImageChanged data = new ImageChanged(transition.wireName(), from == null ? null : from.apiName(),
                image.status.apiName(), reason, ImageNotificationPayload.of(image));
        return append(session, type.stream().topic(), image.id.toString(), type.wireName(), UUID.randomUUID(), data)
                .replaceWith(data);
    }

    /** The internal hand-off of stored upload data to the upload-worker ({@link ImageEventType#UPLOAD}). */
    public Uni<Void> dataReceived(Mutiny.Session session, DataReceived received) {
        ImageEventType type = ImageEventType.UPLOAD;
        return append(session, type.stream().topic(), received.imageId().toString(), type.wireName(),
                UUID.randomUUID(), received);
    }

    /** A membership of the image was created, changed or deleted ({@code type} is a MEMBER_ type). */
    public Uni<Void> imageMemberChanged(Mutiny.Session session, ImageEventType type, ImageMemberChanged member) {
        if (type.stream() != EventStream.IMAGE_MEMBERS) {
            throw new IllegalArgumentException(type.wireName() + " is no membership fact");
        }
        return append(session, type.stream().topic(), member.imageId().toString(), type.wireName(), UUID.randomUUID(),
                member);
    }

    /** A fact about the task after a change of {@code type} (from {@code from}; null when it was created). */
    public Uni<Void> taskChanged(Mutiny.Session session, TaskRecord task, TaskStatus from, TaskEventType type) {
        TaskChanged data = new TaskChanged(from == null ? null : from.apiName(), task.status.apiName(),
                TaskNotificationPayload.of(task));
        return append(session, Topics.TASK_EVENTS, task.id.toString(), type.wireName(), UUID.randomUUID(), data);
    }

    /** Import work is keyed by task, so one task's hand-outs and outcome stay in order. */
    public Uni<Void> importWork(Mutiny.Session session, ImportWork work) {
        return append(session, Topics.IMPORT_WORK, work.taskId().toString(), work.type(), UUID.randomUUID(), work);
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
