package dev.glint.domain.events;

import dev.glint.domain.Topics;
import java.net.URI;
import java.util.Optional;

/**
 * A topic Glint publishes on and the CloudEvents {@code source} of its events: the context within
 * which an event id is unique. The public streams come first, the internal ones
 * ({@code /glint/internal/...}, service-to-service facts no subscriber may rely on) after them.
 */
public enum EventStream {
    IMAGES(Topics.IMAGE_EVENTS, "/glint/images"),
    IMAGE_MEMBERS(Topics.IMAGE_MEMBER_EVENTS, "/glint/image-members"),
    TASKS(Topics.TASK_EVENTS, "/glint/tasks"),
    METADEFS(Topics.METADEF_EVENTS, "/glint/metadefs"),
    IMAGE_UPLOADS(Topics.IMAGE_UPLOADS, "/glint/internal/image-uploads"),
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
