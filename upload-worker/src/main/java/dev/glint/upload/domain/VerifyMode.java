package dev.glint.upload.domain;

/** How the upload-worker makes sure the store holds the bytes image-api hashed ({@code glint.upload-worker.verify}). */
public enum VerifyMode {

    /**
     * Compare the object's size and the store's own MD5 of it (the ETag of a single PUT) with the
     * image's size and MD5 {@code checksum}; one HEAD request. Objects whose ETag is no MD5
     * (multipart, encrypted) and any mismatch are re-read before anything is decided.
     */
    STORE_CHECKSUM,

    /** Read the whole object back and recompute size, MD5 and os_hash. */
    REREAD
}
