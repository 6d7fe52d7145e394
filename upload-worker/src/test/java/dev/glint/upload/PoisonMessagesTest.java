package dev.glint.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.Topics;
import dev.glint.domain.events.CloudEventNames;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Poison records on the upload-worker's topic, on the real Kafka: an unparseable record, an event of
 * a type no Glint service produces, and an upload event whose data its handler cannot read (tried
 * three times) each go to the dead-letter topic with the reason and the original bytes, are counted,
 * and the good record behind them on the same partition is still handled.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class PoisonMessagesTest {

    @Inject
    MeterRegistry metrics;
    @Inject
    Transactions tx;

    @Test
    void poisonRecordsAreDeadLetteredAndTheNextRecordIsHandled() throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] garbage = ("not a cloud event " + key).getBytes(StandardCharsets.UTF_8);
        double unparseable = deadLettered("unparseable");
        double unknown = deadLettered("unknown type");
        double failed = deadLettered("handler failed");
        UUID good = UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.IMAGE_UPLOADS, key, garbage)).get();
            producer.send(cloudEvent(key, UUID.randomUUID(), "dev.example.nobody.makes.this", "{}")).get();
            producer.send(cloudEvent(key, UUID.randomUUID(), CloudEventNames.type(ImageEventType.UPLOAD.wireName()),
                    "{\"imageId\": \"not a uuid\"")).get();
            // A readable upload event of no image: handled means claimed, nothing else.
            producer.send(cloudEvent(key, good, CloudEventNames.type(ImageEventType.UPLOAD.wireName()),
                    "{\"imageId\": \"" + key + "\", \"locationId\": \"" + UUID.randomUUID() + "\", \"store\": \"default\","
                            + " \"size\": 1, \"checksum\": \"x\", \"osHashAlgo\": \"sha512\", \"osHashValue\": \"y\"}")).get();
        }

        List<ConsumerRecord<String, byte[]>> dead = deadLetters(key, 3, Duration.ofSeconds(60));
        assertEquals(3, dead.size(), "three records on " + Topics.DEAD_LETTERS);
        assertArrayEquals(garbage, dead.get(0).value(), "the unparseable record keeps its bytes");
        assertTrue(header(dead.get(0), "dead-letter-topic").equals(Topics.IMAGE_UPLOADS), header(dead.get(0), "dead-letter-topic"));
        // The reason of the unparseable one is the deserializer's own ("Could not parse ...").
        assertTrue(header(dead.get(0), "dead-letter-reason").contains("parse"), header(dead.get(0), "dead-letter-reason"));
        assertTrue(header(dead.get(1), "dead-letter-reason").contains("unknown type"), header(dead.get(1), "dead-letter-reason"));
        assertTrue(header(dead.get(2), "dead-letter-reason").contains("handler failed"), header(dead.get(2), "dead-letter-reason"));
        assertEquals(unparseable + 1, deadLettered("unparseable"));
        assertEquals(unknown + 1, deadLettered("unknown type"));
        assertEquals(failed + 1, deadLettered("handler failed"));
        assertTrue(awaitClaimed(good, Duration.ofSeconds(30)), "the good record behind them was handled");
    }

    private double deadLettered(String reason) {
        Counter counter = metrics.find("glint.events.dead.lettered").tags("topic", Topics.IMAGE_UPLOADS, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private boolean awaitClaimed(UUID eventId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long claims = tx.awaitRead(session -> session.createNativeQuery(
                    "select count(*) from processed_events where event_id = ?1", Long.class)
                    .setParameter(1, eventId).getSingleResult());
            if (claims > 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static ProducerRecord<String, byte[]> cloudEvent(String key, UUID id, String type, String data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IMAGE_UPLOADS, key,
                data.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(id.toString()))
                .add("ce_source", bytes(URI.create("/glint/test").toString())).add("ce_type", bytes(type))
                .add("ce_subject", bytes(key)).add("content-type", bytes("application/json"));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    /** The dead letters whose key is {@code key}, in order, read without a consumer group. */
    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                consumer.partitionsFor(Topics.DEAD_LETTERS, Duration.ofSeconds(5))
                        .forEach(info -> partitions.add(new TopicPartition(Topics.DEAD_LETTERS, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }
}
