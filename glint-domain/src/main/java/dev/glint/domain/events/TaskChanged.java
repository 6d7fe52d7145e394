package dev.glint.domain.events;

/**
 * The data of a task's public events (task.create, task.run, task.processing, task.success,
 * task.failure, task.delete).
 *
 * @param fromStatus status before the change; null for task.create
 * @param toStatus   status after the change
 */
public record TaskChanged(String fromStatus, String toStatus, TaskSnapshot task) {
}
