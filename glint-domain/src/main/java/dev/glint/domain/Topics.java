package dev.glint.domain;

/**
 * Kafka topics the suite publishes its facts on. Events are keyed by the image (or task) id,
 * metadata definition events by their namespace.
 */
public final class Topics {

    public static final String IMAGE_EVENTS = "glint.image-events";
    public static final String TASK_EVENTS = "glint.task-events";
    /** The suite's internal import work (hand-outs and outcomes), see {@link ImportWork}. */
    public static final String IMPORT_WORK = "glint.import-work";
    /** Changes to the metadata definitions catalog, keyed by namespace name, see {@link MetadefEvent}. */
    public static final String METADEF_EVENTS = "glint.metadef-events";

    private Topics() {
    }
}
