package dev.glint.persistence;

import dev.glint.domain.TaskEventType;
import dev.glint.domain.TaskStatus;
import dev.glint.domain.TaskTransition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creates tasks and applies their named transitions, each time with its event in the outbox of the
 * same transaction. Like images, a task's status change is a compare-and-set.
 */
@ApplicationScoped
public class TaskLifecycle {

    private final OutboxWriter outbox;

    public TaskLifecycle(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<TaskRecord> create(Mutiny.Session session, TaskRecord task) {
        task.status = TaskStatus.initial();
        return session.persist(task)
                .chain(session::flush)
                .chain(() -> event(session, task, null, TaskTransition.CREATE.eventType()))
                .replaceWith(task);
    }

    /** Applies the change; empty when the task was not in {@code change.from} (or that attempt) any more. */
    public Uni<Optional<TaskRecord>> move(Mutiny.Session session, TaskChange change) {
        Instant now = Instant.now();
        Map<String, Object> columns = new LinkedHashMap<>();
        change.transition.stamps().forEach(field -> columns.put(TaskColumns.attribute(field), now));
        change.values.forEach((field, value) -> columns.put(TaskColumns.attribute(field), value));
        StringBuilder update = new StringBuilder("update TaskRecord set status = :to, updatedAt = :now");
        columns.keySet().forEach(attribute -> update.append(", ").append(attribute).append(" = :c_").append(attribute));
        update.append(" where id = :id and status = :from");
        if (change.attempt != null) {
            update.append(" and attempt = :attempt");
        }
        Mutiny.MutationQuery query = session.createMutationQuery(update.toString())
                .setParameter("to", change.transition.to(change.from))
                .setParameter("now", now)
                .setParameter("id", change.taskId)
                .setParameter("from", change.from);
        if (change.attempt != null) {
            query.setParameter("attempt", change.attempt);
        }
        columns.forEach((attribute, value) -> query.setParameter("c_" + attribute, value));
        return query.executeUpdate().flatMap(updated -> updated == 0
                ? Uni.createFrom().item(Optional.<TaskRecord>empty())
                : reload(session, change.taskId).flatMap(task -> event(session, task, change.from, change.transition.eventType())
                        .replaceWith(Optional.of(task))));
    }

    /**
     * Records a worker's progress on the current attempt (the message doubles as its heartbeat).
     * False when the attempt is no longer current or the task is no longer processing: the worker
     * was given up on and must stop.
     */
    public Uni<Boolean> progress(Mutiny.Session session, UUID taskId, int attempt, String message) {
        return session.createMutationQuery("""
                        update TaskRecord set message = :message, heartbeatAt = :now, updatedAt = :now
                        where id = :id and attempt = :attempt and status = :processing""")
                .setParameter("message", message)
                .setParameter("now", Instant.now())
                .setParameter("id", taskId)
                .setParameter("attempt", attempt)
                .setParameter("processing", TaskStatus.PROCESSING)
                .executeUpdate()
                .map(updated -> updated > 0);
    }

    private Uni<Void> event(Mutiny.Session session, TaskRecord task, TaskStatus from, TaskEventType type) {
        return outbox.taskChanged(session, task, from, type);
    }

    private static Uni<TaskRecord> reload(Mutiny.Session session, UUID taskId) {
        // The bulk update bypassed the session: let go of a copy it may hold and read the row again.
        return session.find(TaskRecord.class, taskId).flatMap(task -> {
            session.detach(task);
            return session.find(TaskRecord.class, taskId);
        });
    }
}
