package dev.glint.domain;

import java.util.Locale;
import java.util.Set;

/** Task statuses and their allowed transitions, as in {@code docs/statuses.md}. */
public enum TaskStatus {
    PENDING, PROCESSING, SUCCESS, FAILURE;

    private static final TransitionTable<TaskStatus> TABLE = new TransitionTable<>(TaskStatus.class)
            .allow(PENDING, PROCESSING, FAILURE)
            .allow(PROCESSING, SUCCESS, FAILURE)
            .allow(SUCCESS)
            .allow(FAILURE);

    public static TaskStatus initial() {
        return PENDING;
    }

    public boolean canMoveTo(TaskStatus to) {
        return TABLE.next(this).contains(to);
    }

    public Set<TaskStatus> next() {
        return TABLE.next(this);
    }

    public void requireMoveTo(TaskStatus to) {
        if (!canMoveTo(to)) {
            throw new IllegalTransitionException("task", apiName(), to.apiName());
        }
    }

    public boolean isTerminal() {
        return TABLE.next(this).isEmpty();
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
