package dev.glint.persistence;

import dev.glint.domain.TaskField;
import java.util.EnumMap;
import java.util.Map;

/** Where each {@link TaskField} lives in {@link TaskRecord}. */
final class TaskColumns {

    private static final Map<TaskField, String> ATTRIBUTES = new EnumMap<>(Map.of(
            TaskField.ATTEMPT, "attempt",
            TaskField.HEARTBEAT, "heartbeatAt",
            TaskField.MESSAGE, "message",
            TaskField.RESULT, "result",
            TaskField.EXPIRES_AT, "expiresAt"));

    private TaskColumns() {
    }

    static String attribute(TaskField field) {
        return ATTRIBUTES.get(field);
    }

    static TaskField field(String attribute) {
        return ATTRIBUTES.entrySet().stream().filter(entry -> entry.getValue().equals(attribute))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No task field is stored as " + attribute));
    }
}
