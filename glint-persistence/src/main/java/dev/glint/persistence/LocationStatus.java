package dev.glint.persistence;

/** Life of one stored copy of an image's data. */
public enum LocationStatus {
    /** Stored by an upload, not yet verified. */
    PENDING,
    /** Verified; the image's data may be read from here. */
    ACTIVE,
    /** Removed from its store. */
    DELETED
}
