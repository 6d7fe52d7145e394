package dev.glint.api.cache;

import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageRecord;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import java.util.Optional;
import java.util.UUID;

/**
 * What an image says its data is: size, MD5 {@code checksum} and {@code os_hash_value}. Cached data
 * is served only once it matched all of those the image has; an image with neither hash (some
 * images with an external location) is never cached, since nothing could prove a file is its data.
 */
record ExpectedData(UUID imageId, long size, String checksum, String hashAlgorithm, String hashValue) {

    /** The algorithm the digester runs when the image's own cannot be used (only the MD5 is compared then). */
    private static final String FALLBACK_ALGORITHM = "sha512";

    /** The image's expectations if it may be cached: active, with data, and with a hash Glint can compute. */
    static Optional<ExpectedData> of(ImageRecord image) {
        if (image.status != ImageStatus.ACTIVE || image.size == null || image.size <= 0) {
            return Optional.empty();
        }
        boolean hashUsable = image.osHashValue != null && image.osHashAlgo != null
                && ImageDigester.digestLength(image.osHashAlgo).isPresent();
        if (image.checksum == null && !hashUsable) {
            return Optional.empty();
        }
        return Optional.of(new ExpectedData(image.id, image.size, image.checksum,
                hashUsable ? image.osHashAlgo : null, hashUsable ? image.osHashValue : null));
    }

    String digestAlgorithm() {
        return hashAlgorithm != null ? hashAlgorithm : FALLBACK_ALGORITHM;
    }

    /** Whether data with these digests is the image's data. */
    boolean matches(ImageDigests digests) {
        return digests.size() == size
                && (checksum == null || checksum.equalsIgnoreCase(digests.checksum()))
                && (hashValue == null || hashValue.equalsIgnoreCase(digests.hashValue()));
    }
}
