package dev.glint.reliability.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static EventLog.Event event(String type, String from, String to) {
        return new EventLog.Event("e-" + type + to, type, "image", from, to, null, null, 0, 0);
    }

    @Test
    void aStatusChainMustStartWithTheCreationAndEndWhereTheDatabaseIs() {
        List<EventLog.Event> history = List.of(event("image.create", null, "queued"), event("image.prepare", "queued", "saving"),
                event("image.upload", "saving", "saving"), event("image.activate", "saving", "active"));
        assertNull(Checks.brokenChain(history, "active"));
        assertEquals("the events end in active, PostgreSQL says deleted", Checks.brokenChain(history, "deleted"));
        assertEquals("image.activate saving->active follows queued", Checks.brokenChain(List.of(history.get(0), history.get(3)),
                "active"));
        assertTrue(Checks.brokenChain(history.subList(1, 4), "active").startsWith("the first event is image.prepare"));
        assertEquals("no event at all (status queued)", Checks.brokenChain(List.of(), "queued"));
    }

    @Test
    void orphansAreObjectsPastTheGraceThatNoLiveImageOwns() {
        Checks checks = new Checks(new Checks.Settings(List.of("b"), "second", Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofMinutes(1), "glint.public.image-events"));
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofMinutes(5));
        Map<String, Database.Image> images = Map.of(
                "live", new Database.Image("live", "active", 1L, "c", "sha512", "h", null),
                "gone", new Database.Image("gone", "deleted", 1L, "c", "sha512", "h", now),
                "busy", new Database.Image("busy", "saving", null, null, null, null, null));
        List<Database.Location> locations = List.of(new Database.Location("live", "default", "b", "images/live/1", "ACTIVE", 1L),
                new Database.Location("gone", "default", "b", "images/gone/1", "ACTIVE", 1L));
        List<StoredObjects.StoredObject> objects = List.of(new StoredObjects.StoredObject("b", "images/live/1", 1, old),
                new StoredObjects.StoredObject("b", "images/gone/1", 1, old),
                new StoredObjects.StoredObject("b", "images/busy/1", 1, old),
                new StoredObjects.StoredObject("b", "images/live/2", 1, old),
                new StoredObjects.StoredObject("b", "images/live/3", 1, now));
        Checks.Evidence evidence = new Checks.Evidence(images, locations, List.of(), List.of(), List.of(), objects, now);
        assertEquals(List.of("b/images/gone/1 (1 bytes, image deleted)", "b/images/live/2 (1 bytes, image active)"),
                checks.orphans(evidence));
    }

    @Test
    void sequenceNumbersAreNotAvailableWhenTheEventsCarryNoneAndCheckedForGapsWhenTheyDo() {
        Checks checks = new Checks(new Checks.Settings(List.of("b"), "second", Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofMinutes(1), "glint.public.image-events"));
        Map<String, Database.Image> images = Map.of("image", new Database.Image("image", "queued", null, null, null, null, null));
        List<Database.OutboxRow> outbox = List.of(new Database.OutboxRow(1, "e1", "image", "image.create", Instant.now()),
                new Database.OutboxRow(2, "e2", "image", "image.update", Instant.now()));
        List<EventLog.Event> unnumbered = List.of(new EventLog.Event("e1", "image.create", "image", null, "queued", null, null, 0, 0),
                new EventLog.Event("e2", "image.update", "image", "queued", "queued", null, null, 0, 1));
        CheckResult withoutNumbers = sequenceRow(checks.events(
                new Checks.Evidence(images, List.of(), List.of(), outbox, unnumbered, List.of(), Instant.now())));
        assertFalse(withoutNumbers.available());
        assertTrue(withoutNumbers.passed());

        List<EventLog.Event> gap = List.of(new EventLog.Event("e1", "image.create", "image", null, "queued", 1L, null, 0, 0),
                new EventLog.Event("e2", "image.update", "image", "queued", "queued", 3L, null, 0, 1));
        CheckResult withGap = sequenceRow(checks.events(
                new Checks.Evidence(images, List.of(), List.of(), outbox, gap, List.of(), Instant.now())));
        assertTrue(withGap.available());
        assertEquals(1, withGap.failed());
    }

    private static CheckResult sequenceRow(List<CheckResult> results) {
        return results.stream().filter(result -> result.name().contains("sequence")).findFirst().orElseThrow();
    }

    @Test
    void eventsAreReadAsBinaryModeCloudEventsAndInTheOlderFormats() {
        EventLog.Event glint = EventLog.parse(new ConsumerRecord<>("t", 1, 5, "img",
                "{\"eventId\": \"e1\", \"type\": \"image.update\", \"imageId\": \"img\", \"fromStatus\": \"saving\","
                        + " \"toStatus\": \"killed\", \"data\": {\"reason\": \"size differs\"}}"));
        assertEquals(new EventLog.Event("e1", "image.update", "img", "saving", "killed", null, "size differs", 1, 5), glint);
        EventLog.Event cloud = EventLog.parse(new ConsumerRecord<>("t", 0, 9, "img",
                "{\"specversion\": \"1.0\", \"id\": \"e2\", \"type\": \"image.activate\", \"subject\": \"img\", \"sequence\": 4,"
                        + " \"data\": {\"fromStatus\": \"saving\", \"toStatus\": \"active\"}}"));
        assertEquals("e2", cloud.eventId());
        assertEquals("img", cloud.imageId());
        assertEquals("active", cloud.toStatus());
        assertEquals(4L, cloud.sequence());
        ConsumerRecord<String, String> binary = new ConsumerRecord<>("t", 2, 7, "img",
                "{\"transition\": \"kill\", \"fromStatus\": \"saving\", \"toStatus\": \"killed\", \"reason\": \"size differs\"}");
        binary.headers().add("ce_id", "e3".getBytes(StandardCharsets.UTF_8))
                .add("ce_type", "dev.glint.image.update".getBytes(StandardCharsets.UTF_8))
                .add("ce_subject", "img".getBytes(StandardCharsets.UTF_8))
                .add("ce_subjectsequence", "6".getBytes(StandardCharsets.UTF_8));
        assertEquals(new EventLog.Event("e3", "image.update", "img", "saving", "killed", 6L, "size differs", 2, 7),
                EventLog.parse(binary));
    }
}
