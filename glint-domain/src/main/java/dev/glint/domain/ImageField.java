package dev.glint.domain;

/**
 * The image attributes a status change may set or clear along with the status. Named here so that a
 * transition can say which ones it resets; persistence maps them to columns.
 */
public enum ImageField {
    SIZE,
    VIRTUAL_SIZE,
    CHECKSUM,
    OS_HASH_ALGO,
    OS_HASH_VALUE,
    DISK_FORMAT,
    CONTAINER_FORMAT,
    /** Last sign of life of the transfer (upload or staging) streaming the image's data in. */
    TRANSFER_HEARTBEAT,
    DELETED_AT
}
