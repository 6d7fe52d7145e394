package dev.glint.api.messaging;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.events.ImageChanged;
import dev.glint.persistence.messaging.EventReader;
import io.cloudevents.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Lets a request wait for an image to leave a status, woken by the image's status events. Every
 * replica of image-api reads every event (a consumer group of its own), since the request that
 * waits may be on any of them.
 */
@ApplicationScoped
public class ImageStatusWaiter {

    private static final Logger LOG = Logger.getLogger(ImageStatusWaiter.class);

    private final EventReader events;
    private final Map<UUID, Waiter> waiting = new ConcurrentHashMap<>();

    private record Waiter(ImageStatus from, CompletableFuture<ImageStatus> result) {
    }

    public ImageStatusWaiter(EventReader events) {
        this.events = events;
    }

    /**
     * Starts listening for the image to leave {@code from}; call before causing the change. The
     * future completes with the status it went to.
     */
    public CompletableFuture<ImageStatus> expectChange(UUID imageId, ImageStatus from) {
        return waiting.computeIfAbsent(imageId, id -> new Waiter(from, new CompletableFuture<>())).result();
    }

    public void stopWaiting(UUID imageId) {
        waiting.remove(imageId);
    }

    @Incoming("image-status")
    public void onEvent(CloudEvent received) {
        ImageChanged event;
        UUID imageId;
        try {
            event = events.data(received, ImageChanged.class);
            imageId = EventReader.subjectId(received);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            LOG.warnf("Ignoring an image event that cannot be read: %s", e.getMessage());
            return;
        }
        Waiter waiter = waiting.get(imageId);
        if (waiter == null || !waiter.from().apiName().equals(event.fromStatus()) || !event.changedStatus()) {
            return;
        }
        if (waiting.remove(imageId, waiter)) {
            waiter.result().complete(ImageStatus.fromApiName(event.toStatus()));
        }
    }
}
