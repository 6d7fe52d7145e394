package dev.glint.domain.events;

import dev.glint.domain.Topics;
import java.net.URI;
import java.util.Optional;

/**
 * A topic Glint publishes on, whether subscribers outside Glint may rely on it, and the CloudEvents
 * {@code source} of its events: the context within which an event id is unique.
 */
public enum EventStream {
    IMAGES(Topics.IMAGE_EVENTS, "/glint/images", true),
    IMAGE_MEMBERS(Topics.IMAGE_MEMBER_EVENTS, "/glint/image-members", true),
    TASKS(Topics.TASK_EVENTS, "/glint/tasks", true),
    METADEFS(Topics.METADEF_EVENTS, "/glint/metadefs", true),
    IMAGE_UPLOADS(Topics.IMAGE_UPLOADS, "/glint/internal/image-uploads", false),
    IMPORT_WORK(Topics.IMPORT_WORK, "/glint/internal/import-work", false);

    /** The source of events on a topic Glint does not know (a test's own topic). */
    public static final URI UNKNOWN_SOURCE = URI.create("/glint");

    private final String topic;
    private final URI source;
    private final boolean published;

    EventStream(String topic, String source, boolean published) {
        this.topic = topic;
        this.source = URI.create(source);
        this.published = published;
    }

    /** True for the public contract (docs/events.md, docs/asyncapi.yaml); false for service-to-service facts. */
    public boolean published() {
        return published;
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
