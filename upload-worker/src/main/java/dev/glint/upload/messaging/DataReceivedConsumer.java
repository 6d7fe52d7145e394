package dev.glint.upload.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImageEvent;
import dev.glint.domain.ImageEventType;
import dev.glint.upload.domain.UploadVerifier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Hands every "data received" fact (image.upload) to the verifier. */
@ApplicationScoped
public class DataReceivedConsumer {

    private static final Logger LOG = Logger.getLogger(DataReceivedConsumer.class);

    private final ObjectMapper json;
    private final UploadVerifier verifier;

    public DataReceivedConsumer(ObjectMapper json, UploadVerifier verifier) {
        this.json = json;
        this.verifier = verifier;
    }

    @Incoming("uploads")
    @Blocking(ordered = false)
    public void onEvent(String payload) throws IOException {
        ImageEvent event = json.readValue(payload, ImageEvent.class);
        if (!event.is(ImageEventType.UPLOAD)) {
            return;
        }
        String location = event.data().get("location_id");
        if (location == null) {
            LOG.warnf("Upload event %s of image %s names no location; ignored", event.eventId(), event.imageId());
            return;
        }
        verifier.verify(event.imageId(), UUID.fromString(location), event.eventId());
    }
}
