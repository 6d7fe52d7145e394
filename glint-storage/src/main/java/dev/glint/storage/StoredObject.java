package dev.glint.storage;

import java.util.Optional;

/**
 * An object as the store reports it.
 *
 * @param expectedEtag for an object Glint has just written as a multipart upload, the ETag the store
 *     must report for it if it holds the parts Glint sent: the MD5 of the MD5s Glint computed over each
 *     part as it sent it, then {@code -<parts>} (see {@link PartChecksums}); null when Glint did not
 *     write it so (a single PUT, whose ETag is the data's own MD5, or an object only looked up)
 */
public record StoredObject(String bucket, String key, long size, String expectedEtag) {

    public StoredObject(String bucket, String key, long size) {
        this(bucket, key, size, null);
    }

    public Optional<String> multipartEtag() {
        return Optional.ofNullable(expectedEtag);
    }
}
