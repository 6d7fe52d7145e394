package dev.glint.domain;

import java.util.Map;
import java.util.UUID;

/**
 * The suite's own facts about import work, on {@link Topics#IMPORT_WORK}: the task-executor records
 * that an attempt of a task was handed out ({@link #REQUESTED}), an import-worker records how it
 * ended ({@link #FINISHED}). An attempt number fences off a worker that was given up on: only the
 * current attempt's progress and outcome count. The event's id and time are its envelope's (the
 * outbox row's, published as {@code ce_id} and {@code ce_time}), not repeated here.
 *
 * @param succeeded for {@link #FINISHED}: whether the import succeeded
 * @param message   for {@link #FINISHED}: what happened, in words for the task's message
 * @param result    for {@link #FINISHED}: the task's result
 */
public record ImportWork(
        String type,
        UUID taskId,
        UUID imageId,
        int attempt,
        Boolean succeeded,
        String message,
        Map<String, Object> result) {

    public static final String REQUESTED = "import.requested";
    public static final String FINISHED = "import.finished";

    public static ImportWork requested(UUID taskId, UUID imageId, int attempt) {
        return new ImportWork(REQUESTED, taskId, imageId, attempt, null, null, Map.of());
    }

    public static ImportWork finished(UUID taskId, UUID imageId, int attempt, boolean succeeded, String message,
            Map<String, Object> result) {
        return new ImportWork(FINISHED, taskId, imageId, attempt, succeeded, message, Map.copyOf(result));
    }
}
