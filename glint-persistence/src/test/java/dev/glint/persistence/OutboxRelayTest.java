package dev.glint.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImportWork;
import dev.glint.domain.MetadefEventType;
import dev.glint.domain.Topics;
import dev.glint.domain.events.ImageMemberChanged;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.metadefs.MetadefEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay on the real PostgreSQL and Kafka: what a transaction committed goes out, in the
 * order it was written per key, exactly when it was committed; one relay publishes at a time; a
 * record Kafka refuses stays in the outbox for the next run; published rows are purged.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Transactions tx;
    @Inject
    OutboxWriter outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    MetadefEvents metadefs;

    /** A topic of this test's own, so that nothing else published interferes. */
    private static String topic() {
        return "test.relay-" + UUID.randomUUID();
    }

    private UUID write(String topic, String key, Object event) {
        UUID id = UUID.randomUUID();
        tx.awaitTransaction(session -> outbox.append(session, topic, key, "test.event", id, event));
        return id;
    }

    @Test
    void committedEventsGoOutInTheOrderTheyWereWrittenPerKey() {
        String topic = topic();
        List<String> keys = List.of("a-" + UUID.randomUUID(), "b-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        List<UUID> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(write(topic, keys.get(i % 3), Map.of("n", i)));
        }
        awaitTrue(() -> unpublished(written) == 0, "every committed event is published");

        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.read(topic, record -> true, 30, WAIT);
        for (String key : keys) {
            List<Integer> order = records.stream().filter(record -> key.equals(record.key()))
                    .map(record -> number(record.value())).distinct().toList();
            List<Integer> expected = new ArrayList<>();
            for (int i = keys.indexOf(key); i < 30; i += 3) {
                expected.add(i);
            }
            assertEquals(expected, order, "events of key " + key + " in the order they were written");
        }
    }

    @Test
    void eachKeyNumbersItsEventsFromOneWithoutGapsWhateverRollsBack() {
        String topic = topic();
        String key = "k-" + UUID.randomUUID();
        UUID first = write(topic, key, Map.of("n", 1));
        write(topic, "other-" + UUID.randomUUID(), Map.of("n", 2));
        assertThrows(IllegalStateException.class, () -> tx.awaitTransaction(session -> outbox
                .append(session, topic, key, "test.event", UUID.randomUUID(), Map.of("n", 3))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails")))));
        UUID second = write(topic, key, Map.of("n", 4));
        UUID elsewhere = write(topic(), key, Map.of("n", 5));
        assertEquals(List.of(1L, 2L, 1L), List.of(sequence(first), sequence(second), sequence(elsewhere)),
                "numbered per topic and key; the rolled back event's number is given back");
    }

    @Test
    void eachEventGoesOutAsABinaryModeCloudEventNumberedInItsSubject() {
        String topic = topic();
        String key = "k-" + UUID.randomUUID();
        UUID first = write(topic, key, Map.of("n", 1));
        UUID second = write(topic, key, Map.of("n", 2));
        awaitTrue(() -> unpublished(List.of(first, second)) == 0, "published");

        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.read(topic, record -> true, 2, WAIT);
        assertEquals(2, records.size());
        ConsumerRecord<String, byte[]> record = records.get(1);
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("application/json", header(record, "content-type"), "binary mode: the data is the value");
        assertEquals(2, number(record.value()));
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            CloudEvent event = deserializer.deserialize(topic, record.headers(), record.value());
            assertEquals(second.toString(), event.getId(), "the id is the outbox event id");
            assertEquals("dev.glint.test.event", event.getType());
            assertEquals(key, event.getSubject());
            assertEquals(URI.create("/glint"), event.getSource(), "a topic Glint does not know");
            assertNull(event.getDataSchema(), "a type of no schema");
            assertNotNull(event.getTime());
            assertEquals("2", String.valueOf(event.getExtension("subjectsequence")));
        }
    }

    @Test
    void memberCatalogAndImportEventsArePublishedAsTheirSchemasSay() {
        UUID image = UUID.randomUUID();
        tx.awaitTransaction(session -> outbox.imageMemberChanged(session, ImageEventType.MEMBER_CREATE,
                        new ImageMemberChanged(image, "project-b", "pending"))
                .chain(() -> outbox.imageMemberChanged(session, ImageEventType.MEMBER_UPDATE,
                        new ImageMemberChanged(image, "project-b", "accepted"))));
        PublishedEvents.assertContract(Topics.IMAGE_MEMBER_EVENTS, image.toString(),
                PublishedEvents.read(Topics.IMAGE_MEMBER_EVENTS, image.toString(), 2));

        String namespace = "Test::" + UUID.randomUUID();
        tx.awaitTransaction(session -> metadefs.record(session, MetadefEventType.TAG_CREATE, namespace,
                Map.of("namespace", namespace, "name", "fast", "deleted", false)));
        PublishedEvents.assertContract(Topics.METADEF_EVENTS, namespace,
                PublishedEvents.read(Topics.METADEF_EVENTS, namespace, 1));

        UUID task = UUID.randomUUID();
        tx.awaitTransaction(session -> outbox.importWork(session, ImportWork.requested(task, image, 1))
                .chain(() -> outbox.importWork(session, ImportWork.finished(task, image, 1, true, "done",
                        Map.of("image_id", image.toString())))));
        PublishedEvents.assertContract(Topics.IMPORT_WORK, task.toString(),
                PublishedEvents.read(Topics.IMPORT_WORK, task.toString(), 2));
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String topic = topic();
        UUID id = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> tx.awaitTransaction(session -> outbox
                .append(session, topic, "k", "test.event", id, Map.of("n", 1))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails")))));
        UUID after = write(topic, "k", Map.of("n", 2));
        awaitTrue(() -> unpublished(List.of(after)) == 0, "the later event is published");

        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.read(topic, record -> true, 2, Duration.ofSeconds(5));
        assertEquals(List.of(2), records.stream().map(record -> number(record.value())).toList());
        assertEquals(0L, rows(id), "no outbox row is left of the rolled back change");
    }

    @Test
    void whileAnotherRelayHoldsTheLockNothingIsPublishedTwice() throws Exception {
        String topic = topic();
        try (Connection other = jdbc()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, 0x6c696e74L);
                lock.execute();
            }
            UUID id = write(topic, "k", Map.of("n", 1));
            assertEquals(0, relayRun(), "a run without the lock publishes nothing");
            Thread.sleep(2000);
            assertEquals(1, unpublished(List.of(id)), "the event waits while the lock is held elsewhere");
            other.commit();
            awaitTrue(() -> unpublished(List.of(id)) == 0, "published once the lock is free");
        }
        assertEquals(1, KafkaTopic.read(topic, record -> true, 2, Duration.ofSeconds(5)).size());
    }

    @Test
    void anEventKafkaRefusesStaysInTheOutboxAndIsNotOvertakenByTheNextOfItsKey() {
        String topic = topic();
        // Larger than the producer's max.request.size (1 MiB): Kafka refuses it.
        UUID refused = write(topic, "k", Map.of("n", 1, "padding", "x".repeat(2 * 1024 * 1024)));
        UUID next = write(topic, "k", Map.of("n", 2));
        UUID otherKey = write(topic, "other", Map.of("n", 3));
        try {
            awaitTrue(() -> unpublished(List.of(otherKey)) == 0, "another key's event is not held up");
            sleep(2000);
            assertEquals(2, unpublished(List.of(refused, next)),
                    "the refused event and the later one of its key wait: neither is lost, nor overtaken");
        } finally {
            tx.awaitTransaction(session -> session.createNativeQuery(
                            "update outbox set payload = '{\"n\": 1}' where event_id = ?1")
                    .setParameter(1, refused)
                    .executeUpdate());
        }
        awaitTrue(() -> unpublished(List.of(refused, next)) == 0, "both go out once Kafka takes them");
        List<Integer> order = KafkaTopic.read(topic, record -> "k".equals(record.key()), 2, WAIT).stream()
                .map(record -> number(record.value())).toList();
        assertEquals(List.of(1, 2), order);
    }

    @Test
    void publishedEventsArePurgedAfterTheirKeepTime() {
        String topic = topic();
        UUID old = write(topic, "k", Map.of("n", 1));
        awaitTrue(() -> unpublished(List.of(old)) == 0, "published");
        UUID pending = UUID.randomUUID();
        tx.awaitTransaction(session -> session.createNativeQuery(
                        "update outbox set published_at = now() - interval '2 hours' where event_id = ?1")
                .setParameter(1, old)
                .executeUpdate());
        tx.awaitTransaction(session -> session.createNativeQuery("""
                        insert into outbox (event_id, topic, message_key, event_type, payload, created_at)
                        values (?1, ?2, 'k', 'test.event', '{"n": 2}', now() - interval '2 hours')""")
                .setParameter(1, pending)
                .setParameter(2, topic)
                .executeUpdate());
        // The purge may race the relay for the old unpublished row: it must never take it unpublished.
        await(relay::purgePublished);
        assertEquals(0L, rows(old), "a published row past its keep time is purged");
        assertEquals(1L, rows(pending), "an unpublished row is never purged");
    }

    private int relayRun() {
        return await(relay::publishBatch);
    }

    /** Runs reactive work on a Vert.x context, as Hibernate Reactive needs, and waits for it. */
    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private long unpublished(List<UUID> ids) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "select count(*) from OutboxRecord where eventId in :ids and publishedAt is null", Long.class)
                .setParameter("ids", ids)
                .getSingleResult());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private long sequence(UUID id) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "select sequence from OutboxRecord where eventId = :id", Long.class)
                .setParameter("id", id)
                .getSingleResult());
    }

    private long rows(UUID id) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "select count(*) from OutboxRecord where eventId = :id", Long.class)
                .setParameter("id", id)
                .getSingleResult());
    }

    private static int number(byte[] payload) {
        try {
            return JSON.readTree(payload).get("n").asInt();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection jdbc() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting: " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
