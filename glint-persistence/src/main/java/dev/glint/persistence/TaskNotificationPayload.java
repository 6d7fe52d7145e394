package dev.glint.persistence;

import dev.glint.domain.GlanceTime;
import dev.glint.domain.events.TaskSnapshot;

/** The task as Glance describes it in its notifications. */
public final class TaskNotificationPayload {

    private TaskNotificationPayload() {
    }

    public static TaskSnapshot of(TaskRecord task) {
        return new TaskSnapshot(task.id, task.type, task.status.apiName(), task.owner, task.imageId, task.input,
                task.result, task.message, GlanceTime.format(task.createdAt), GlanceTime.format(task.updatedAt),
                GlanceTime.format(task.expiresAt));
    }
}
