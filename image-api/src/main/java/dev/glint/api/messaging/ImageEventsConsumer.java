package dev.glint.api.messaging;

import dev.glint.api.cache.CacheInvalidation;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.events.ImageChanged;
import dev.glint.persistence.messaging.EventReader;
import io.cloudevents.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the images' public events; every replica of image-api reads all of them (a consumer group
 * of its own): uploads waiting on this replica for their image's verification, and this replica's
 * image cache, which lets go of images that are no longer active.
 */
@ApplicationScoped
public class ImageEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ImageEventsConsumer.class);

    private final EventReader events;
    private final ImageStatusWaiter waiter;
    private final CacheInvalidation cache;

    public ImageEventsConsumer(EventReader events, ImageStatusWaiter waiter, CacheInvalidation cache) {
        this.events = events;
        this.waiter = waiter;
        this.cache = cache;
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
        waiter.changed(imageId, event);
        if (event.changedStatus()) {
            cache.statusChanged(imageId, ImageStatus.fromApiName(event.toStatus()));
        }
    }
}
