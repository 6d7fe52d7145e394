package dev.glint.persistence.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.events.CloudEventNames;
import io.cloudevents.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Reads the CloudEvents Glint's consumers receive: the Glance name of the type, the id (the key
 * consumers dedupe on, since delivery is at least once) and the data as its typed record.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper json;

    public EventReader(ObjectMapper json) {
        this.json = json;
    }

    public static boolean is(CloudEvent event, String wireName) {
        return CloudEventNames.type(wireName).equals(event.getType());
    }

    public static UUID id(CloudEvent event) {
        return UUID.fromString(event.getId());
    }

    /** The id of the event's subject: the image or task (the record key) every Glint event names. */
    public static UUID subjectId(CloudEvent event) {
        if (event.getSubject() == null) {
            throw new IllegalArgumentException("Event " + event.getId() + " (" + event.getType() + ") names no subject");
        }
        return UUID.fromString(event.getSubject());
    }

    public <T> T data(CloudEvent event, Class<T> type) {
        if (event.getData() == null) {
            throw new IllegalArgumentException("Event " + event.getId() + " (" + event.getType() + ") has no data");
        }
        try {
            return json.readValue(event.getData().toBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Event " + event.getId() + " (" + event.getType() + ") has unreadable data", e);
        }
    }
}
