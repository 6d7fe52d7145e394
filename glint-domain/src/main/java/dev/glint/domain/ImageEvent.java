package dev.glint.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A fact about one image, as published on {@link Topics#IMAGE_EVENTS}.
 *
 * @param eventId    unique per fact; consumers dedupe on it (delivery is at least once)
 * @param type       Glance notification name, see {@link ImageEventType}
 * @param imageId    the image, also the Kafka key so one image's facts stay ordered
 * @param fromStatus status before the change (equal to {@code toStatus} when the status did not change)
 * @param toStatus   status after the change
 * @param occurredAt when the change was committed
 * @param image      Glance's notification payload of the image after the change (never locations)
 * @param data       facts specific to the event type, e.g. the stored object and its hashes for image.upload
 */
public record ImageEvent(
        UUID eventId,
        String type,
        UUID imageId,
        String fromStatus,
        String toStatus,
        Instant occurredAt,
        Map<String, Object> image,
        Map<String, String> data) {

    public boolean is(ImageEventType expected) {
        return expected.wireName().equals(type);
    }
}
