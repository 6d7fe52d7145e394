package dev.glint.domain;

import java.util.Locale;
import java.util.Set;

/**
 * The statuses an image goes through, and the only transitions between them that any service may
 * make. This is the contract of {@code docs/statuses.md}: every status change in the suite
 * asks this table first.
 */
public enum ImageStatus {
    QUEUED, SAVING, UPLOADING, IMPORTING, ACTIVE, DEACTIVATED, KILLED, DELETED, PENDING_DELETE;

    private static final TransitionTable<ImageStatus> TABLE = new TransitionTable<>(ImageStatus.class)
            .allow(QUEUED, SAVING, UPLOADING, IMPORTING, ACTIVE, DELETED)
            .allow(SAVING, ACTIVE, QUEUED, KILLED, DELETED)
            .allow(UPLOADING, IMPORTING, QUEUED, DELETED)
            .allow(IMPORTING, ACTIVE, QUEUED, DELETED)
            .allow(ACTIVE, DEACTIVATED, PENDING_DELETE, DELETED)
            .allow(DEACTIVATED, ACTIVE, PENDING_DELETE, DELETED)
            .allow(KILLED, DELETED)
            .allow(PENDING_DELETE, DELETED, ACTIVE)
            .allow(DELETED);

    /** The status every new image starts in. */
    public static ImageStatus initial() {
        return QUEUED;
    }

    public boolean canMoveTo(ImageStatus to) {
        return TABLE.next(this).contains(to);
    }

    public Set<ImageStatus> next() {
        return TABLE.next(this);
    }

    /** Throws unless the table allows {@code this -> to}. */
    public void requireMoveTo(ImageStatus to) {
        if (!canMoveTo(to)) {
            throw new IllegalTransitionException("image", apiName(), to.apiName());
        }
    }

    public boolean isTerminal() {
        return TABLE.next(this).isEmpty();
    }

    /** The name Glance uses on the wire and in the database. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageStatus fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
