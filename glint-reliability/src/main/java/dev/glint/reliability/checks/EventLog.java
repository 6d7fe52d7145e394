package dev.glint.reliability.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every record of an event topic, from the start of each partition to its end when read, in partition order. */
public final class EventLog {

    /** One image event as it was delivered, with where it sits on the topic. */
    public record Event(String eventId, String type, String imageId, String fromStatus, String toStatus,
                        Long sequence, String reason, int partition, long offset) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLog() {
    }

    public static List<Event> read(String bootstrap, String topic, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-check-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            Instant until = Instant.now().plus(timeout);
            while (!end.isEmpty() && Instant.now().isBefore(until)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(parse(record));
                }
                end.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
            }
            if (!end.isEmpty()) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout
                        + "; left: " + end.keySet());
            }
        }
        return events;
    }

    /**
     * A CloudEvent in Kafka binary content mode, as Glint publishes (docs/events.md): the attributes
     * in {@code ce_*} headers, the data ({@code fromStatus}, {@code toStatus}, {@code reason}) as the
     * value. Records without CloudEvents headers are read as before it: Glint's older event JSON
     * ({@code eventId}, {@code imageId}, the reason of a kill in {@code data}) or a structured-mode
     * CloudEvents envelope ({@code id}, {@code subject}, the rest under {@code data}).
     */
    static Event parse(ConsumerRecord<String, String> record) {
        try {
            JsonNode root = JSON.readTree(record.value());
            String binaryId = header(record, "ce_id");
            if (binaryId != null) {
                String type = header(record, "ce_type");
                String sequence = header(record, "ce_subjectsequence");
                String subject = header(record, "ce_subject");
                return new Event(binaryId, type == null ? "" : type.replaceFirst("^dev\\.glint\\.", ""),
                        subject == null ? record.key() : subject, text(root, "fromStatus", null),
                        text(root, "toStatus", null), sequence == null ? null : Long.valueOf(sequence),
                        text(root, "reason", null), record.partition(), record.offset());
            }
            JsonNode body = root.has("eventId") || !root.has("data") ? root : root.get("data");
            String eventId = text(root, "eventId", text(root, "id", null));
            String imageId = text(body, "imageId", text(root, "subject", record.key()));
            JsonNode data = body.has("data") ? body.get("data") : body;
            Long sequence = root.has("sequence") ? Long.valueOf(root.get("sequence").asLong())
                    : body.has("sequence") ? Long.valueOf(body.get("sequence").asLong()) : null;
            return new Event(eventId, text(root, "type", text(body, "type", "")), imageId,
                    text(body, "fromStatus", null), text(body, "toStatus", null), sequence,
                    data == null ? null : text(data, "reason", null), record.partition(), record.offset());
        } catch (Exception e) {
            return new Event(null, "unreadable: " + e.getMessage(), record.key(), null, null, null, null,
                    record.partition(), record.offset());
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
