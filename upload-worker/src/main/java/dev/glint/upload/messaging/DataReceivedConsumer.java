package dev.glint.upload.messaging;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.events.DataReceived;
import dev.glint.persistence.messaging.EventReader;
import dev.glint.persistence.messaging.PoisonMessages;
import dev.glint.upload.domain.UploadVerifier;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Hands every "data received" fact (image.upload) to the verifier. */
@ApplicationScoped
public class DataReceivedConsumer {

    private static final Logger LOG = Logger.getLogger(DataReceivedConsumer.class);

    private final EventReader events;
    private final UploadVerifier verifier;
    private final PoisonMessages poison;

    public DataReceivedConsumer(EventReader events, UploadVerifier verifier, PoisonMessages poison) {
        this.poison = poison;
        this.events = events;
        this.verifier = verifier;
    }

    @Incoming("uploads")
    @Blocking(ordered = false)
    public void onEvent(CloudEvent received) {
        poison.handleBlocking("uploads", received, this::verify);
    }

    private void verify(CloudEvent received) {
        if (!EventReader.is(received, ImageEventType.UPLOAD.wireName())) {
            return;
        }
        DataReceived data = events.data(received, DataReceived.class);
        if (data.locationId() == null) {
            LOG.warnf("Upload event %s of image %s names no location; ignored", received.getId(), data.imageId());
            return;
        }
        verifier.verify(data.imageId(), data.locationId(), EventReader.id(received));
    }
}
