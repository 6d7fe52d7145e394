package dev.glint.domain;

/**
 * Kafka topics the suite publishes its facts on (docs/events.md). {@code glint.public.*} topics carry
 * the facts subscribers outside Glint may rely on, one topic per aggregate; {@code glint.internal.*}
 * topics carry the hand-offs between Glint's own services, which may change with any release.
 * Events are keyed by their subject: the image, the task, or the metadata definition namespace.
 */
public final class Topics {

    /** Every status change and metadata change of images, keyed by image id. */
    public static final String IMAGE_EVENTS = "glint.public.image-events";
    /** Image sharing: a member added, accepting or rejecting, removed; keyed by image id. */
    public static final String IMAGE_MEMBER_EVENTS = "glint.public.image-member-events";
    /** Every status change of tasks, keyed by task id. */
    public static final String TASK_EVENTS = "glint.public.task-events";
    /** Changes to the metadata definitions catalog, keyed by namespace name, see {@link MetadefEvent}. */
    public static final String METADEF_EVENTS = "glint.public.metadef-events";
    /** image-api's hand-off of stored upload data to the upload-worker (image.upload), keyed by image id. */
    public static final String IMAGE_UPLOADS = "glint.internal.image-uploads";
    /** The suite's internal import work (hand-outs and outcomes), keyed by task id, see {@link ImportWork}. */
    public static final String IMPORT_WORK = "glint.internal.import-work";

    /**
     * Records Glint's own consumers could not use (unparseable, of an unknown type, or whose handler
     * kept failing), with the original bytes and SmallRye's dead-letter headers (reason, cause,
     * original topic, partition, offset); see PoisonMessages in glint-persistence and docs/events.md.
     */
    public static final String DEAD_LETTERS = "glint.internal.dead-letters";

    private Topics() {
    }
}
