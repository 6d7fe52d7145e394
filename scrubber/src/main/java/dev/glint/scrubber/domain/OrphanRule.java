package dev.glint.scrubber.domain;

import dev.glint.domain.ImageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Whether a stored object is an orphan: data that no image owns any more. Everything that might
 * still be wanted is kept, because an object removed by mistake is a lost image, while an orphan
 * kept one more round only costs space until the next run.
 */
public final class OrphanRule {

    /** Statuses in which an image's data is being written or imported without a location row yet. */
    private static final Set<ImageStatus> IN_PROGRESS = Set.of(ImageStatus.SAVING, ImageStatus.UPLOADING,
            ImageStatus.IMPORTING);

    private final Duration gracePeriod;
    private final Duration stagedMaxAge;

    public OrphanRule(Duration gracePeriod, Duration stagedMaxAge) {
        this.gracePeriod = gracePeriod;
        this.stagedMaxAge = stagedMaxAge;
    }

    /**
     * @param imageStatus          status of the image the key names, null when no such image exists
     * @param referencedByLiveImage a non-deleted location of a live image (not deleted, not killed) is this object
     * @param importRunning        a pending or processing task works on the image
     */
    public boolean isOrphan(StorageArea.Kind area, Instant lastModified, Instant now, ImageStatus imageStatus,
            boolean referencedByLiveImage, boolean importRunning) {
        Duration age = Duration.between(lastModified, now);
        if (age.compareTo(gracePeriod) < 0 || referencedByLiveImage || importRunning) {
            return false;
        }
        if (area == StorageArea.Kind.IMAGE_DATA) {
            return imageStatus == null || !IN_PROGRESS.contains(imageStatus);
        }
        if (imageStatus == ImageStatus.IMPORTING) {
            return false;
        }
        boolean stillStaged = imageStatus == ImageStatus.UPLOADING;
        return !stillStaged || age.compareTo(stagedMaxAge) >= 0;
    }
}
