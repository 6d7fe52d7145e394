package dev.glint.api.messaging;

import dev.glint.api.cache.CacheInvalidation;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.events.ImageChanged;
import dev.glint.persistence.messaging.EventReader;
import dev.glint.persistence.messaging.PoisonMessages;
import io.cloudevents.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the images' public events; every replica of image-api reads all of them (a consumer group
 * of its own): uploads waiting on this replica for their image's verification, and this replica's
 * image cache, which lets go of images that are no longer active.
 */
@ApplicationScoped
public class ImageEventsConsumer {

    private final EventReader events;
    private final ImageStatusWaiter waiter;
    private final CacheInvalidation cache;
    private final PoisonMessages poison;

    public ImageEventsConsumer(EventReader events, ImageStatusWaiter waiter, CacheInvalidation cache,
            PoisonMessages poison) {
        this.poison = poison;
        this.events = events;
        this.waiter = waiter;
        this.cache = cache;
    }

    @Incoming("image-status")
    public void onEvent(CloudEvent received) {
        poison.handle("image-status", received, this::apply);
    }

    private void apply(CloudEvent received) {
        ImageChanged event = events.data(received, ImageChanged.class);
        UUID imageId = EventReader.subjectId(received);
        waiter.changed(imageId, event);
        if (event.changedStatus()) {
            cache.statusChanged(imageId, ImageStatus.fromApiName(event.toStatus()));
        }
    }
}
