package dev.glint.persistence;

import dev.glint.domain.GlanceTime;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.events.ImageSnapshot;
import java.util.LinkedHashMap;
import java.util.List;

/** The image as Glance describes it in its notifications: never its locations. */
public final class ImageNotificationPayload {

    private ImageNotificationPayload() {
    }

    public static ImageSnapshot of(ImageRecord image) {
        boolean deleted = image.status == ImageStatus.DELETED || image.status == ImageStatus.PENDING_DELETE;
        return new ImageSnapshot(image.id, image.name, image.status.apiName(), image.visibility, image.owner,
                image.diskFormat, image.containerFormat, image.size, image.virtualSize, image.checksum,
                image.osHashAlgo, image.osHashValue, image.minDisk, image.minRam, image.isProtected, image.osHidden,
                new LinkedHashMap<>(image.properties), List.copyOf(image.tags), GlanceTime.format(image.createdAt),
                GlanceTime.format(image.updatedAt), deleted, GlanceTime.format(image.deletedAt));
    }
}
