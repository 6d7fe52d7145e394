package dev.glint.persistence;

import dev.glint.domain.ImageField;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Where each {@link ImageField} lives in {@link ImageRecord}. */
final class ImageColumns {

    private static final Map<ImageField, String> ATTRIBUTES = new EnumMap<>(Map.of(
            ImageField.SIZE, "size",
            ImageField.VIRTUAL_SIZE, "virtualSize",
            ImageField.CHECKSUM, "checksum",
            ImageField.OS_HASH_ALGO, "osHashAlgo",
            ImageField.OS_HASH_VALUE, "osHashValue",
            ImageField.DISK_FORMAT, "diskFormat",
            ImageField.CONTAINER_FORMAT, "containerFormat",
            ImageField.TRANSFER_HEARTBEAT, "transferHeartbeatAt",
            ImageField.DELETED_AT, "deletedAt"));

    private ImageColumns() {
    }

    /** The entity attribute name, for HQL. */
    static String attribute(ImageField field) {
        return ATTRIBUTES.get(field);
    }

    static ImageField field(String attribute) {
        return ATTRIBUTES.entrySet().stream().filter(entry -> entry.getValue().equals(attribute))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No image field is stored as " + attribute));
    }

    /** Sets the field on a managed record (written at the next flush). */
    static void set(ImageRecord image, ImageField field, Object value) {
        switch (field) {
            case SIZE -> image.size = (Long) value;
            case VIRTUAL_SIZE -> image.virtualSize = (Long) value;
            case CHECKSUM -> image.checksum = (String) value;
            case OS_HASH_ALGO -> image.osHashAlgo = (String) value;
            case OS_HASH_VALUE -> image.osHashValue = (String) value;
            case DISK_FORMAT -> image.diskFormat = (String) value;
            case CONTAINER_FORMAT -> image.containerFormat = (String) value;
            case TRANSFER_HEARTBEAT -> image.transferHeartbeatAt = (Instant) value;
            case DELETED_AT -> image.deletedAt = (Instant) value;
        }
    }
}
