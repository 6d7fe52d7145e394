package dev.glint.persistence;

import dev.glint.domain.TaskEventType;
import dev.glint.domain.TaskField;
import dev.glint.domain.TaskStatus;
import dev.glint.domain.TaskTransition;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One named transition of one task: the transition (which decides the new status and the event),
 * the status the caller expects (the compare-and-set), optionally only for one attempt, and new
 * values of attributes set with it.
 */
public final class TaskChange {

    final UUID taskId;
    final TaskStatus from;
    final TaskTransition transition;
    Integer attempt;
    final Map<TaskField, Object> values = new EnumMap<>(TaskField.class);

    private TaskChange(TaskTransition transition, UUID taskId, TaskStatus from) {
        transition.requireFrom(from);
        this.transition = transition;
        this.taskId = taskId;
        this.from = from;
    }

    public static TaskChange of(TaskTransition transition, UUID taskId, TaskStatus from) {
        return new TaskChange(transition, taskId, from);
    }

    /**
     * The older call shape that named the statuses and the event.
     *
     * @deprecated name the transition: {@link #of(TaskTransition, UUID, TaskStatus)}
     */
    @Deprecated(forRemoval = true)
    public static TaskChange of(UUID taskId, TaskStatus from, TaskStatus to, TaskEventType eventType) {
        return new TaskChange(TaskTransition.resolve(from, to, eventType), taskId, from);
    }

    /** Applies only while {@code attempt} is the task's current attempt. */
    public TaskChange onlyForAttempt(int attempt) {
        this.attempt = attempt;
        return this;
    }

    /** Also sets {@code field} (which the transition does not stamp) to {@code value}. */
    public TaskChange set(TaskField field, Object value) {
        if (transition.stamps().contains(field)) {
            throw new IllegalArgumentException(transition + " sets " + field + " itself");
        }
        values.put(field, value);
        return this;
    }

    /**
     * The older call shape: an attribute of {@link TaskRecord} by name.
     *
     * @deprecated use {@link #set(TaskField, Object)}
     */
    @Deprecated(forRemoval = true)
    public TaskChange set(String attribute, Object value) {
        TaskField field = TaskColumns.field(attribute);
        if (!transition.stamps().contains(field)) {
            values.put(field, value);
        }
        return this;
    }
}
