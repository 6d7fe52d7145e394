package dev.glint.persistence;

import dev.glint.domain.GlanceTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The task as Glance describes it in its notifications. */
public final class TaskNotificationPayload {

    private TaskNotificationPayload() {
    }

    public static Map<String, Object> of(TaskRecord task) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", task.id.toString());
        payload.put("type", task.type);
        payload.put("status", task.status.apiName());
        payload.put("owner", task.owner);
        payload.put("image_id", task.imageId == null ? null : task.imageId.toString());
        payload.put("input", task.input);
        payload.put("result", task.result);
        payload.put("message", task.message);
        payload.put("created_at", GlanceTime.format(task.createdAt));
        payload.put("updated_at", GlanceTime.format(task.updatedAt));
        payload.put("expires_at", GlanceTime.format(task.expiresAt));
        return payload;
    }
}
