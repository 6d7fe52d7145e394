package dev.glint.domain.events;

import java.util.UUID;

/**
 * The uploaded data of an image is stored and hashed, and awaits verification: what image-api
 * tells the upload-worker (an internal fact).
 *
 * @param locationId the copy written, pending until verified
 * @param store      the store it was written to
 * @param size       bytes image-api sent
 * @param checksum   MD5 image-api computed over them
 */
public record DataReceived(UUID imageId, UUID locationId, String store, long size, String checksum,
        String osHashAlgo, String osHashValue) {
}
