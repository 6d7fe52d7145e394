package dev.glint.persistence;

import dev.glint.domain.TaskEventType;
import dev.glint.domain.TaskStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One compare-and-set change of a task: {@code from -> to} (or a re-dispatch that keeps the status),
 * optionally only for one attempt, with other columns changed with it and the event that reports it.
 */
public final class TaskChange {

    final UUID taskId;
    final TaskStatus from;
    final TaskStatus to;
    final TaskEventType eventType;
    Integer attempt;
    final Map<String, Object> columns = new LinkedHashMap<>();

    private TaskChange(UUID taskId, TaskStatus from, TaskStatus to, TaskEventType eventType) {
        if (from != to) {
            from.requireMoveTo(to);
        }
        this.taskId = taskId;
        this.from = from;
        this.to = to;
        this.eventType = eventType;
    }

    public static TaskChange of(UUID taskId, TaskStatus from, TaskStatus to, TaskEventType eventType) {
        return new TaskChange(taskId, from, to, eventType);
    }

    /** Applies only while {@code attempt} is the task's current attempt. */
    public TaskChange onlyForAttempt(int attempt) {
        this.attempt = attempt;
        return this;
    }

    /** Also sets an attribute of {@link TaskRecord} (a name from the code, never from input). */
    public TaskChange set(String attribute, Object value) {
        columns.put(attribute, value);
        return this;
    }
}
