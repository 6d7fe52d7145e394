package dev.glint.domain;

import static dev.glint.domain.ImageStatus.ACTIVE;
import static dev.glint.domain.ImageStatus.DEACTIVATED;
import static dev.glint.domain.ImageStatus.DELETED;
import static dev.glint.domain.ImageStatus.IMPORTING;
import static dev.glint.domain.ImageStatus.KILLED;
import static dev.glint.domain.ImageStatus.PENDING_DELETE;
import static dev.glint.domain.ImageStatus.QUEUED;
import static dev.glint.domain.ImageStatus.SAVING;
import static dev.glint.domain.ImageStatus.UPLOADING;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The named changes of an image, each with the statuses it leaves from and goes to, the event that
 * reports it, the attributes it resets (to null) or stamps (with the time of the change), and its
 * preconditions. Services ask for a transition by name; which event goes out and which attributes
 * change with it is decided here, once (docs/statuses.md, "Allowed image transitions").
 *
 * <p>A transition whose {@link #to()} is null keeps the image's status: it reports a change of the
 * image that is no status change (metadata, data staged, data received).
 */
public enum ImageTransition {

    /** {@code POST /v2/images}: a new image, queued. */
    CREATE(ImageEventType.CREATE, QUEUED, Set.of(), none(), none(), List.of(), "creating the image"),
    /** {@code PUT /file} starts: queued -> saving, the transfer's heartbeat starts. */
    START_UPLOAD(ImageEventType.PREPARE, SAVING, Set.of(QUEUED), none(), fields(ImageField.TRANSFER_HEARTBEAT),
            List.of(ImagePrecondition.FORMATS_SET), "saving data"),
    /** The uploaded data is stored and hashed and awaits verification; the transfer has ended. */
    DATA_STORED(ImageEventType.UPLOAD, null, Set.of(SAVING), fields(ImageField.TRANSFER_HEARTBEAT), none(), List.of(),
            "storing data"),
    /** Verified uploaded data, or imported data: the image is usable. */
    ACTIVATE(ImageEventType.ACTIVATE, ACTIVE, Set.of(SAVING, IMPORTING), none(), none(), List.of(),
            "activating the image"),
    /** A location was added to a queued image (admin or service): it is usable at once. */
    ACTIVATE_WITH_LOCATION(ImageEventType.ACTIVATE, ACTIVE, Set.of(QUEUED), none(), none(),
            List.of(ImagePrecondition.FORMATS_SET), "adding a location"),
    /** The stored data failed verification: the image is not readable. */
    KILL(ImageEventType.UPDATE, KILLED, Set.of(SAVING), none(), none(), List.of(), "killing the image"),
    /** {@code PUT /stage} starts: queued -> uploading, the transfer's heartbeat starts. */
    START_STAGING(ImageEventType.UPDATE, UPLOADING, Set.of(QUEUED), none(), fields(ImageField.TRANSFER_HEARTBEAT),
            List.of(), "staging data"),
    /** The staged data is complete (its size is recorded); the transfer has ended. */
    DATA_STAGED(ImageEventType.UPDATE, null, Set.of(UPLOADING), fields(ImageField.TRANSFER_HEARTBEAT), none(),
            List.of(), "staging data"),
    /** {@code POST /import} (glance-direct from uploading; web-download from queued). */
    START_IMPORT(ImageEventType.UPDATE, IMPORTING, Set.of(QUEUED, UPLOADING), none(), none(),
            List.of(ImagePrecondition.FORMATS_SET), "importing data"),
    /**
     * An upload, a staging or an import failed, or its transfer died with its image-api: the image is
     * queued again, without the size of the data it no longer has, and may be given data again.
     */
    GIVE_BACK_TO_QUEUED(ImageEventType.UPDATE, QUEUED, Set.of(SAVING, UPLOADING, IMPORTING),
            fields(ImageField.SIZE, ImageField.VIRTUAL_SIZE, ImageField.TRANSFER_HEARTBEAT), none(), List.of(),
            "giving the image back"),
    /** {@code POST /actions/deactivate}. */
    DEACTIVATE(ImageEventType.UPDATE, DEACTIVATED, Set.of(ACTIVE), none(), none(), List.of(),
            "deactivating the image"),
    /** {@code POST /actions/reactivate}. */
    REACTIVATE(ImageEventType.UPDATE, ACTIVE, Set.of(DEACTIVATED), none(), none(), List.of(),
            "reactivating the image"),
    /** {@code DELETE}: the image is deleted now (its data is removed right after). */
    DELETE(ImageEventType.DELETE, DELETED, Set.of(QUEUED, SAVING, UPLOADING, IMPORTING, ACTIVE, DEACTIVATED, KILLED),
            none(), fields(ImageField.DELETED_AT), List.of(ImagePrecondition.NOT_PROTECTED), "deleting the image"),
    /** {@code DELETE} with delayed delete: the data stays until the scrubber removes it. */
    DELAYED_DELETE(ImageEventType.DELETE, PENDING_DELETE, Set.of(ACTIVE, DEACTIVATED), none(),
            fields(ImageField.DELETED_AT), List.of(ImagePrecondition.NOT_PROTECTED), "deleting the image"),
    /** The scrubber removed every copy of a pending_delete image's data. */
    SCRUB(ImageEventType.DELETE, DELETED, Set.of(PENDING_DELETE), none(), none(), List.of(), "scrubbing the image"),
    /** An admin brought a pending_delete image back before it was scrubbed. */
    RESTORE(ImageEventType.UPDATE, ACTIVE, Set.of(PENDING_DELETE), fields(ImageField.DELETED_AT), none(), List.of(),
            "restoring the image"),
    /** Any other change of a live image: metadata, tags, the import bookkeeping of an active image. */
    UPDATE(ImageEventType.UPDATE, null, Set.of(QUEUED, SAVING, UPLOADING, IMPORTING, ACTIVE, DEACTIVATED, KILLED),
            none(), none(), List.of(), "updating the image");

    private final ImageEventType eventType;
    private final ImageStatus to;
    private final Set<ImageStatus> from;
    private final Set<ImageField> resets;
    private final Set<ImageField> stamps;
    private final List<ImagePrecondition> preconditions;
    private final String activity;

    ImageTransition(ImageEventType eventType, ImageStatus to, Set<ImageStatus> from, Set<ImageField> resets,
            Set<ImageField> stamps, List<ImagePrecondition> preconditions, String activity) {
        this.eventType = eventType;
        this.to = to;
        this.from = from.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(from));
        this.resets = resets;
        this.stamps = stamps;
        this.preconditions = List.copyOf(preconditions);
        this.activity = activity;
    }

    private static Set<ImageField> none() {
        return Collections.emptySet();
    }

    private static Set<ImageField> fields(ImageField... fields) {
        return Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(fields)));
    }

    /** The event that reports this transition. */
    public ImageEventType eventType() {
        return eventType;
    }

    /** The statuses the transition may start from (empty for {@link #CREATE}). */
    public Set<ImageStatus> from() {
        return from;
    }

    /** The status it goes to, or null when it keeps the status. */
    public ImageStatus to() {
        return to;
    }

    /** The status an image in {@code current} is in after this transition. */
    public ImageStatus to(ImageStatus current) {
        return to == null ? current : to;
    }

    public boolean keepsStatus() {
        return to == null;
    }

    /** Attributes set to null with the change. */
    public Set<ImageField> resets() {
        return resets;
    }

    /** Attributes set to the time of the change. */
    public Set<ImageField> stamps() {
        return stamps;
    }

    public List<ImagePrecondition> preconditions() {
        return preconditions;
    }

    /** What the transition does, in words for refusals ("saving data"). */
    public String activity() {
        return activity;
    }

    /** The name in events and logs: {@code give_back_to_queued}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Throws unless this transition may start from {@code current} ({@link IllegalTransitionException})
     * and the image meets every precondition ({@link TransitionRefusedException}).
     */
    public void requireApplicable(ImageState image) {
        requireFrom(image.status());
        preconditions.forEach(precondition -> precondition.require(image, this));
    }

    /** Throws {@link IllegalTransitionException} unless this transition may start from {@code current}. */
    public void requireFrom(ImageStatus current) {
        if (!from.contains(current)) {
            throw new IllegalTransitionException("image", current.apiName(), to(current).apiName());
        }
    }

    /**
     * The one status-changing transition that goes {@code from -> to} and is reported as
     * {@code eventType}: how a call that names statuses and an event type (the shape of the older API)
     * finds its transition.
     */
    public static ImageTransition resolve(ImageStatus from, ImageStatus to, ImageEventType eventType) {
        ImageTransition found = null;
        for (ImageTransition transition : values()) {
            if (!transition.keepsStatus() && transition.from.contains(from) && transition.to == to
                    && transition.eventType == eventType) {
                if (found != null) {
                    throw new IllegalArgumentException("Both " + found + " and " + transition + " go from " + from
                            + " to " + to + " as " + eventType.wireName());
                }
                found = transition;
            }
        }
        if (found == null) {
            throw new IllegalTransitionException("image", from.apiName(), to.apiName());
        }
        return found;
    }
}
