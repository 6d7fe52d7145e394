package dev.glint.persistence;

import dev.glint.domain.GlanceTime;
import dev.glint.domain.ImageStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The image as Glance describes it in its notifications: never its locations. */
public final class ImageNotificationPayload {

    private ImageNotificationPayload() {
    }

    public static Map<String, Object> of(ImageRecord image) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", image.id.toString());
        payload.put("name", image.name);
        payload.put("status", image.status.apiName());
        payload.put("created_at", GlanceTime.format(image.createdAt));
        payload.put("updated_at", GlanceTime.format(image.updatedAt));
        payload.put("min_disk", image.minDisk);
        payload.put("min_ram", image.minRam);
        payload.put("protected", image.isProtected);
        payload.put("checksum", image.checksum);
        payload.put("os_hash_algo", image.osHashAlgo);
        payload.put("os_hash_value", image.osHashValue);
        payload.put("owner", image.owner);
        payload.put("disk_format", image.diskFormat);
        payload.put("container_format", image.containerFormat);
        payload.put("size", image.size);
        payload.put("virtual_size", image.virtualSize);
        payload.put("visibility", image.visibility);
        payload.put("os_hidden", image.osHidden);
        payload.put("properties", new LinkedHashMap<>(image.properties));
        payload.put("tags", List.copyOf(image.tags));
        boolean deleted = image.status == ImageStatus.DELETED || image.status == ImageStatus.PENDING_DELETE;
        payload.put("deleted", deleted);
        payload.put("deleted_at", GlanceTime.format(image.deletedAt));
        return payload;
    }
}
