package dev.glint.persistence;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One compare-and-set status change of an image: {@code from -> to}, other columns changed with it,
 * and the event that reports it.
 */
public final class ImageChange {

    final UUID imageId;
    final ImageStatus from;
    final ImageStatus to;
    final ImageEventType eventType;
    /** Entity attribute name -> new value, applied in the same UPDATE as the status. */
    final Map<String, Object> columns = new LinkedHashMap<>();
    final Map<String, String> eventData = new LinkedHashMap<>();

    private ImageChange(UUID imageId, ImageStatus from, ImageStatus to, ImageEventType eventType) {
        from.requireMoveTo(to);
        this.imageId = imageId;
        this.from = from;
        this.to = to;
        this.eventType = eventType;
    }

    public static ImageChange of(UUID imageId, ImageStatus from, ImageStatus to, ImageEventType eventType) {
        return new ImageChange(imageId, from, to, eventType);
    }

    /** Also sets an attribute of {@link ImageRecord} (a name from the code, never from input). */
    public ImageChange set(String attribute, Object value) {
        columns.put(attribute, value);
        return this;
    }

    public ImageChange data(String key, String value) {
        eventData.put(key, value);
        return this;
    }

    public UUID imageId() {
        return imageId;
    }

    public ImageStatus from() {
        return from;
    }

    public ImageStatus to() {
        return to;
    }
}
