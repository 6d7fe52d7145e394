package dev.glint.domain;

import static dev.glint.domain.TaskStatus.FAILURE;
import static dev.glint.domain.TaskStatus.PENDING;
import static dev.glint.domain.TaskStatus.PROCESSING;
import static dev.glint.domain.TaskStatus.SUCCESS;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The named changes of a task, each with the statuses it leaves from and goes to, the event that
 * reports it and the attributes it stamps with the time of the change (docs/statuses.md, "Task
 * statuses"). A transition whose {@link #to()} is null keeps the task's status.
 */
public enum TaskTransition {

    /** A new task, pending. */
    CREATE(TaskEventType.CREATE, PENDING, Set.of(), Set.of()),
    /** The task-executor took the task up and handed it to a worker: pending -> processing. */
    CLAIM(TaskEventType.PROCESSING, PROCESSING, Set.of(PENDING), Set.of(TaskField.HEARTBEAT)),
    /** The worker of the current attempt went quiet: the task is handed out again under a new attempt. */
    HAND_OUT_AGAIN(TaskEventType.RUN, null, Set.of(PROCESSING), Set.of(TaskField.HEARTBEAT)),
    /** The import succeeded. */
    SUCCEED(TaskEventType.SUCCESS, SUCCESS, Set.of(PROCESSING), Set.of()),
    /** The import failed, or the task could not be run at all. */
    FAIL(TaskEventType.FAILURE, FAILURE, Set.of(PENDING, PROCESSING), Set.of());

    private final TaskEventType eventType;
    private final TaskStatus to;
    private final Set<TaskStatus> from;
    private final Set<TaskField> stamps;

    TaskTransition(TaskEventType eventType, TaskStatus to, Set<TaskStatus> from, Set<TaskField> stamps) {
        this.eventType = eventType;
        this.to = to;
        this.from = from.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(from));
        this.stamps = stamps.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(stamps));
    }

    public TaskEventType eventType() {
        return eventType;
    }

    public Set<TaskStatus> from() {
        return from;
    }

    /** The status it goes to, or null when it keeps the status. */
    public TaskStatus to() {
        return to;
    }

    public TaskStatus to(TaskStatus current) {
        return to == null ? current : to;
    }

    /** Attributes set to the time of the change. */
    public Set<TaskField> stamps() {
        return stamps;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public void requireFrom(TaskStatus current) {
        if (!from.contains(current)) {
            throw new IllegalTransitionException("task", current.apiName(), to(current).apiName());
        }
    }

    /** The transition of the older call shape that named statuses and an event type. */
    public static TaskTransition resolve(TaskStatus from, TaskStatus to, TaskEventType eventType) {
        for (TaskTransition transition : values()) {
            if (transition.from.contains(from) && transition.to(from) == to && transition.eventType == eventType) {
                return transition;
            }
        }
        throw new IllegalTransitionException("task", from.apiName(), to.apiName());
    }
}
