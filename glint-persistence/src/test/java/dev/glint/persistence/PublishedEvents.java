package dev.glint.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.glint.domain.events.CloudEventNames;
import dev.glint.domain.events.EventCatalog;
import dev.glint.domain.events.EventStream;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The events of one subject as Glint published them on the test broker, read back as CloudEvents
 * and checked against the contract: the schema their {@code dataschema} names
 * (docs/events/schemas), the catalog's topic and type, and the subject's sequence.
 */
final class PublishedEvents {

    static final Path SCHEMAS = Path.of("..", "docs", "events", "schemas");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMA_FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private PublishedEvents() {
    }

    /** The first {@code expected} events of {@code subject} on {@code topic}, in the order Kafka holds them. */
    static List<CloudEvent> read(String topic, String subject, int expected) {
        List<CloudEvent> events = new ArrayList<>();
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            for (ConsumerRecord<String, byte[]> record : KafkaTopic.read(topic, r -> subject.equals(r.key()), expected, WAIT)) {
                events.add(deserializer.deserialize(topic, record.headers(), record.value()));
            }
        }
        assertEquals(expected, events.size(), "events of " + subject + " on " + topic);
        return events;
    }

    /**
     * Fails unless every event is one the catalog names for this topic, its data validates against
     * the schema its dataschema names, and the events are numbered 1, 2, 3, ... in their order.
     */
    static void assertContract(String topic, String subject, List<CloudEvent> events) {
        for (CloudEvent event : events) {
            String wireName = CloudEventNames.wireName(event.getType());
            EventCatalog.Entry entry = EventCatalog.find(wireName)
                    .orElseThrow(() -> new AssertionError(event.getType() + " is in no catalog entry"));
            assertEquals(topic, entry.stream().topic(), wireName + " goes on the catalog's topic");
            assertEquals(EventStream.ofTopic(topic).orElseThrow().source(), event.getSource());
            assertEquals(subject, event.getSubject());
            assertEquals(entry.dataSchema(), event.getDataSchema());
            assertEquals(CloudEventNames.CONTENT_TYPE, event.getDataContentType());
            assertValid(entry, event);
        }
        List<Long> sequence = events.stream()
                .map(event -> Long.valueOf(String.valueOf(event.getExtension(CloudEventNames.SEQUENCE_EXTENSION))))
                .toList();
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(), sequence,
                "the subject's events are numbered 1, 2, 3, ... on " + topic);
    }

    private static void assertValid(EventCatalog.Entry entry, CloudEvent event) {
        JsonNode schemaNode = readJson(SCHEMAS.resolve(entry.schemaFile()));
        assertEquals(entry.dataSchema().toString(), schemaNode.path("$id").asText(),
                entry.schemaFile() + " has the $id the event's dataschema names");
        JsonSchema schema = SCHEMA_FACTORY.getSchema(schemaNode);
        JsonNode data;
        try {
            data = JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<ValidationMessage> problems = schema.validate(data);
        assertTrue(problems.isEmpty(), event.getType() + " " + data + " does not validate against "
                + entry.schemaFile() + ": " + problems);
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
