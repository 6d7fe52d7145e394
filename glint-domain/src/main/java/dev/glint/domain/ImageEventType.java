package dev.glint.domain;

import dev.glint.domain.events.EventStream;

/**
 * The kinds of image facts the suite publishes, named as Glance names its notifications so that
 * consumers written for Glance understand them.
 */
public enum ImageEventType {
    /** A new image record exists (queued). */
    CREATE("image.create"),
    /** An upload started: queued -> saving. */
    PREPARE("image.prepare"),
    /** The uploaded data is stored and awaits verification (status stays saving): internal, for the upload-worker. */
    UPLOAD("image.upload"),
    /** The data was verified and the image is usable: -> active. */
    ACTIVATE("image.activate"),
    /** Any other change of status or metadata. */
    UPDATE("image.update"),
    /** The image was deleted (deleted, or pending_delete when delayed delete is on). */
    DELETE("image.delete"),
    /** The owner shared the image with a project (membership pending). */
    MEMBER_CREATE("image.member.create"),
    /** A member accepted or rejected the image. */
    MEMBER_UPDATE("image.member.update"),
    /** The owner stopped sharing the image with a project. */
    MEMBER_DELETE("image.member.delete");

    private final String wireName;

    ImageEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Membership facts have a topic of their own, the stored-data hand-off is internal, the rest are the image's. */
    public EventStream stream() {
        return switch (this) {
            case UPLOAD -> EventStream.IMAGE_UPLOADS;
            case MEMBER_CREATE, MEMBER_UPDATE, MEMBER_DELETE -> EventStream.IMAGE_MEMBERS;
            default -> EventStream.IMAGES;
        };
    }

    public static ImageEventType fromWireName(String name) {
        for (ImageEventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown image event type " + name);
    }
}
