package dev.glint.domain.events;

import dev.glint.domain.Topics;
import java.net.URI;
import java.util.Optional;

/**
 * A topic Glint publishes on and the CloudEvents {@code source} of its events: the context within
 * which an event id is unique.
 */
public enum EventStream {
    IMAGES(Topics.IMAGE_EVENTS, "/glint/images"),
    TASKS(Topics.TASK_EVENTS, "/glint/tasks"),
    METADEFS(Topics.METADEF_EVENTS, "/glint/metadefs"),
    IMPORT_WORK(Topics.IMPORT_WORK, "/glint/internal/import-work");

    /** The source of events on a topic Glint does not know (a test's own topic). */
    public static final URI UNKNOWN_SOURCE = URI.create("/glint");

    private final String topic;
    private final URI source;

    EventStream(String topic, String source) {
        this.topic = topic;
        this.source = URI.create(source);
    }

    public String topic() {
        return topic;
    }

    public URI source() {
        return source;
    }

    public static Optional<EventStream> ofTopic(String topic) {
        for (EventStream stream : values()) {
            if (stream.topic.equals(topic)) {
                return Optional.of(stream);
            }
        }
        return Optional.empty();
    }
}
