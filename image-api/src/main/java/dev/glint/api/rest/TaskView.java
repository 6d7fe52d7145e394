package dev.glint.api.rest;

import dev.glint.domain.GlanceTime;
import dev.glint.persistence.TaskRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** A task as Glance shows it. */
final class TaskView {

    private TaskView() {
    }

    static Map<String, Object> of(TaskRecord task) {
        Map<String, Object> view = common(task);
        view.put("input", task.input);
        view.put("result", task.result);
        view.put("message", task.message == null ? "" : task.message);
        view.put("image_id", task.imageId == null ? null : task.imageId.toString());
        // Tasks created before Glint recorded them have neither; the schema wants strings, so the
        // keys are left out rather than null.
        if (task.requestId != null) {
            view.put("request_id", task.requestId);
        }
        if (task.userId != null) {
            view.put("user_id", task.userId);
        }
        return view;
    }

    private static Map<String, Object> common(TaskRecord task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id.toString());
        view.put("type", task.type);
        view.put("status", task.status.apiName());
        view.put("owner", task.owner);
        view.put("expires_at", task.expiresAt == null ? null : GlanceTime.format(task.expiresAt));
        view.put("created_at", GlanceTime.format(task.createdAt));
        view.put("updated_at", GlanceTime.format(task.updatedAt));
        view.put("self", "/v2/tasks/" + task.id);
        view.put("schema", "/v2/schemas/task");
        return view;
    }
}
