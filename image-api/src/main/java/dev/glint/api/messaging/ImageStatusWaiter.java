package dev.glint.api.messaging;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.events.ImageChanged;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a request wait for an image to leave a status, woken by the image's status events. Every
 * replica of image-api reads every event ({@link ImageEventsConsumer}), since the request that
 * waits may be on any of them.
 */
@ApplicationScoped
public class ImageStatusWaiter {

    private final Map<UUID, Waiter> waiting = new ConcurrentHashMap<>();

    private record Waiter(ImageStatus from, CompletableFuture<ImageStatus> result) {
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

    /** An image's status event, from {@link ImageEventsConsumer}. */
    void changed(UUID imageId, ImageChanged event) {
        Waiter waiter = waiting.get(imageId);
        if (waiter == null || !waiter.from().apiName().equals(event.fromStatus()) || !event.changedStatus()) {
            return;
        }
        if (waiting.remove(imageId, waiter)) {
            waiter.result().complete(ImageStatus.fromApiName(event.toStatus()));
        }
    }
}
