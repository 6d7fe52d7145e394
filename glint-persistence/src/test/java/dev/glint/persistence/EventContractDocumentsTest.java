package dev.glint.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.glint.domain.events.EventCatalog;
import dev.glint.domain.events.EventStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml and docs/events/schemas against the code: neither may name a channel, message
 * or schema the code does not publish, nor lack one it does.
 */
class EventContractDocumentsTest {

    private static final Path ASYNCAPI = Path.of("..", "docs", "asyncapi.yaml");

    private static JsonNode asyncApi() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(ASYNCAPI));
    }

    @Test
    void theChannelsAreTheTopicsOfTheCodeWithTheMessagesEachCarries() throws IOException {
        JsonNode channels = asyncApi().path("channels");
        Map<String, Set<String>> documented = new TreeMap<>();
        channels.fields().forEachRemaining(channel -> {
            Set<String> messages = new TreeSet<>();
            channel.getValue().path("messages").fieldNames().forEachRemaining(messages::add);
            documented.put(channel.getValue().path("address").asText(), messages);
            assertEquals(channel.getValue().path("address").asText(),
                    channel.getValue().at("/bindings/kafka/topic").asText(), "the Kafka binding names the address");
        });
        Map<String, Set<String>> code = new TreeMap<>();
        for (EventStream stream : EventStream.values()) {
            code.put(stream.topic(), EventCatalog.entries().stream().filter(entry -> entry.stream() == stream)
                    .map(EventCatalog.Entry::wireName).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(code, documented, "docs/asyncapi.yaml channels (address -> messages) against EventStream and EventCatalog");
    }

    @Test
    void everyMessageIsAnEventTypeOfTheCodeWithItsCloudEventsTypeAndSchema() throws IOException {
        JsonNode messages = asyncApi().path("components").path("messages");
        Map<String, String> documented = new TreeMap<>();
        messages.fields().forEachRemaining(message -> documented.put(message.getKey(),
                message.getValue().path("name").asText() + " " + message.getValue().at("/payload/schema/$ref").asText()));
        Map<String, String> code = new TreeMap<>();
        EventCatalog.entries().forEach(entry -> code.put(entry.wireName(),
                entry.cloudEventType() + " ./events/schemas/" + entry.schemaFile()));
        assertEquals(code, documented, "docs/asyncapi.yaml messages (name, schema) against EventCatalog");

        JsonNode operations = asyncApi().path("operations");
        Set<String> sent = new TreeSet<>();
        operations.forEach(operation -> operation.path("messages").forEach(ref -> {
            String path = ref.path("$ref").asText();
            sent.add(path.substring(path.lastIndexOf('/') + 1));
        }));
        assertEquals(code.keySet(), sent, "every message is sent by an operation");
    }

    @Test
    void everySchemaFileIsTheSchemaOfAnEventTypeInItsVersion() throws IOException {
        Set<String> files;
        try (Stream<Path> listed = Files.list(PublishedEvents.SCHEMAS)) {
            files = listed.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> code = EventCatalog.entries().stream().map(EventCatalog.Entry::schemaFile)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, files, "docs/events/schemas against EventCatalog");
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            JsonNode schema = PublishedEvents.readJson(PublishedEvents.SCHEMAS.resolve(entry.schemaFile()));
            assertEquals(entry.dataSchema().toString(), schema.path("$id").asText(), entry.schemaFile());
        }
    }

    /** A field added to or removed from an event's data record must show in its schema, and back. */
    @Test
    void everySchemaNamesTheFieldsOfItsDataRecord() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            Set<String> fields = json.getSerializationConfig().introspect(json.constructType(entry.data()))
                    .findProperties().stream().map(BeanPropertyDefinition::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> documented = new TreeSet<>();
            PublishedEvents.readJson(PublishedEvents.SCHEMAS.resolve(entry.schemaFile())).path("properties")
                    .fieldNames().forEachRemaining(documented::add);
            assertEquals(fields, documented, entry.schemaFile() + " against " + entry.data().getSimpleName());
        }
    }
}
