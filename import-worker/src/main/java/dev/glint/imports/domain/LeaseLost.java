package dev.glint.imports.domain;

/**
 * The task-executor gave this attempt up (the worker looked dead, or the task ended): the worker
 * stops and leaves the task to whoever holds it now.
 */
public class LeaseLost extends RuntimeException {

    public LeaseLost(String message) {
        super(message);
    }
}
