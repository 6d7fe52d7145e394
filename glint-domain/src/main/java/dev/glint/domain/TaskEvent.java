package dev.glint.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A fact about one task, as published on {@link Topics#TASK_EVENTS} with Glance's notification
 * names (see {@link TaskEventType}).
 *
 * @param eventId    unique per fact; consumers dedupe on it
 * @param type       Glance notification name
 * @param taskId     the task, also the Kafka key
 * @param imageId    the image the task works on, when there is one
 * @param fromStatus status before the change (equal to {@code toStatus} when it did not change)
 * @param toStatus   status after the change
 * @param occurredAt when the change was committed
 * @param task       Glance's notification payload of the task after the change
 */
public record TaskEvent(
        UUID eventId,
        String type,
        UUID taskId,
        UUID imageId,
        String fromStatus,
        String toStatus,
        Instant occurredAt,
        Map<String, Object> task) {
}
