package dev.glint.domain;

/** Task facts, named as Glance names its task notifications. */
public enum TaskEventType {
    /** A task exists (pending). */
    CREATE("task.create"),
    /** The task was handed to a worker again after its first worker stopped reporting progress. */
    RUN("task.run"),
    /** pending -> processing. */
    PROCESSING("task.processing"),
    /** processing -> success. */
    SUCCESS("task.success"),
    /** -> failure. */
    FAILURE("task.failure"),
    /** An expired task was purged. */
    DELETE("task.delete");

    private final String wireName;

    TaskEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
