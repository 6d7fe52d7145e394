package dev.glint.persistence;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.events.DataReceived;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One named transition of one image, asked for by a service: the transition (which decides the new
 * status, the event and the attributes reset with it), the status the caller expects the image in
 * (the compare-and-set), new values of attributes the transition brings (the hashes of imported
 * data), and why it happened.
 */
public final class ImageChange {

    final UUID imageId;
    final ImageStatus from;
    final ImageTransition transition;
    /** New values set with the change, besides the transition's own resets and stamps. */
    final Map<ImageField, Object> values = new EnumMap<>(ImageField.class);
    String reason;
    DataReceived received;

    private ImageChange(ImageTransition transition, UUID imageId, ImageStatus from) {
        transition.requireFrom(from);
        this.transition = transition;
        this.imageId = imageId;
        this.from = from;
    }

    /** {@code transition} of the image, if it is (still) in {@code from} when the change is applied. */
    public static ImageChange of(ImageTransition transition, UUID imageId, ImageStatus from) {
        return new ImageChange(transition, imageId, from);
    }

    /**
     * {@code transition} of an image as the caller read it: its status is the expected one, and the
     * transition's preconditions are checked against it now.
     */
    public static ImageChange of(ImageTransition transition, ImageRecord image) {
        transition.requireApplicable(image);
        return new ImageChange(transition, image.id, image.status);
    }

    /**
     * The older call shape, which named the statuses and the event: it finds the one named
     * transition that matches ({@link ImageTransition#resolve}), so the resets and the event are the
     * transition's whatever the caller sets.
     *
     * @deprecated name the transition: {@link #of(ImageTransition, UUID, ImageStatus)}
     */
    @Deprecated(forRemoval = true)
    public static ImageChange of(UUID imageId, ImageStatus from, ImageStatus to, ImageEventType eventType) {
        return new ImageChange(ImageTransition.resolve(from, to, eventType), imageId, from);
    }

    /** Also sets {@code field} (which the transition neither resets nor stamps) to {@code value}. */
    public ImageChange set(ImageField field, Object value) {
        if (transition.resets().contains(field) || transition.stamps().contains(field)) {
            throw new IllegalArgumentException(transition + " sets " + field + " itself");
        }
        values.put(field, value);
        return this;
    }

    /**
     * The older call shape: an attribute of {@link ImageRecord} by name. Attributes the transition
     * resets or stamps are left to the transition.
     *
     * @deprecated use {@link #set(ImageField, Object)}
     */
    @Deprecated(forRemoval = true)
    public ImageChange set(String attribute, Object value) {
        ImageField field = ImageColumns.field(attribute);
        if (!transition.resets().contains(field) && !transition.stamps().contains(field)) {
            values.put(field, value);
        }
        return this;
    }

    /**
     * The older call shape for event data: only {@code reason} has a place in the event now (what
     * the other keys said, the transition's name says).
     *
     * @deprecated use {@link #reason(String)}
     */
    @Deprecated(forRemoval = true)
    public ImageChange data(String key, String value) {
        if ("reason".equals(key)) {
            reason = value;
        }
        return this;
    }

    /** Why the change happened, in words for the event ("upload failed: ..."). */
    public ImageChange reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** For {@link ImageTransition#DATA_STORED}: what was stored, for the upload-worker. */
    public ImageChange received(DataReceived received) {
        if (transition != ImageTransition.DATA_STORED) {
            throw new IllegalArgumentException(transition + " reports no received data");
        }
        this.received = received;
        return this;
    }

    public UUID imageId() {
        return imageId;
    }

    public ImageStatus from() {
        return from;
    }

    public ImageStatus to() {
        return transition.to(from);
    }

    public ImageTransition transition() {
        return transition;
    }
}
