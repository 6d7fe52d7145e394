package dev.glint.domain.events;

/**
 * The data of an image's public events (image.create, image.prepare, image.activate, image.update,
 * image.delete): which named transition happened, between which statuses, why, and the image after it.
 *
 * @param transition the named transition ({@code dev.glint.domain.ImageTransition}, lower case)
 * @param fromStatus status before the change; null for image.create; equal to {@code toStatus} when
 *                   the change kept the status (metadata, data staged)
 * @param toStatus   status after the change
 * @param reason     why, in words, when the change had a cause worth telling ("upload failed: ...")
 */
public record ImageChanged(String transition, String fromStatus, String toStatus, String reason, ImageSnapshot image) {

    /** True when the image left {@code fromStatus} for another one. */
    public boolean changedStatus() {
        return fromStatus != null && !fromStatus.equals(toStatus);
    }
}
