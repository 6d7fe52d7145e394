package dev.glint.domain;

/** The task attributes a task transition may set along with the status. */
public enum TaskField {
    /** Which hand-out to a worker is current. */
    ATTEMPT,
    /** Last sign of life of the worker running the current attempt. */
    HEARTBEAT,
    MESSAGE,
    RESULT,
    EXPIRES_AT
}
