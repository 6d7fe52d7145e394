package dev.glint.domain.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.UUID;

/**
 * The task after a change, as Glance describes it in its notifications. {@code input} and
 * {@code result} are the task's own JSON objects, whose keys depend on the task type (Glance's
 * task API gives them no fixed shape).
 */
public record TaskSnapshot(
        UUID id,
        String type,
        String status,
        String owner,
        @JsonProperty("image_id") UUID imageId,
        Map<String, Object> input,
        Map<String, Object> result,
        String message,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("expires_at") String expiresAt) {
}
