package dev.glint.scrubber;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.scrubber.domain.ScrubPool;
import dev.glint.scrubber.domain.Scrubber;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scrubber on the real infrastructure (PostgreSQL, Kafka, S3), with its delete-event consumer
 * and its sweep running as in production; the test profile sets scrub_time to 3 s, the sweep to
 * every second and the retry delay to 2 s.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ScrubberTest {

    private static final Duration SCRUB_TIME = Duration.ofSeconds(3);

    @Inject
    Fixtures fixtures;
    @Inject
    Scrubber scrubber;
    @Inject
    ScrubPool pool;
    @Inject
    FaultInjectingObjectStore store;
    @Inject
    Transactions tx;
    @Inject
    ImageLifecycle lifecycle;

    @Test
    void dataStaysUntilScrubTimeThenTheImageIsDeleted() {
        UUID id = fixtures.activeImage(2);
        List<String> keys = fixtures.locations(id).stream().map(l -> l.objectKey).toList();
        Instant deletedAt = Instant.now();
        fixtures.deleteDelayed(id, deletedAt);

        // Not before scrub_time: the event has arrived (well within this), the sweep has run.
        Fixtures.sleep(SCRUB_TIME.toMillis() - 1000);
        assertEquals(ImageStatus.PENDING_DELETE, fixtures.find(id).status);
        keys.forEach(key -> assertTrue(fixtures.stored(key), "data must stay until scrub_time: " + key));
        assertFalse(call(() -> scrubber.scrub(id)), "an explicit scrub before scrub_time must do nothing");

        assertEquals(ImageStatus.DELETED, fixtures.awaitStatusLeaving(id, ImageStatus.PENDING_DELETE,
                Duration.ofSeconds(15)));
        ImageRecord deleted = fixtures.find(id);
        Duration latency = Duration.between(deletedAt.plus(SCRUB_TIME), deleted.updatedAt);
        System.out.printf("scrub latency after scrub_time: %d ms%n", latency.toMillis());
        assertFalse(deleted.updatedAt.isBefore(deletedAt.plus(SCRUB_TIME)));
        keys.forEach(key -> assertFalse(fixtures.stored(key), "scrubbed data must be gone: " + key));
        fixtures.locations(id).forEach(location -> assertEquals(LocationStatus.DELETED, location.status));
        assertEquals(1, fixtures.deletedEvents(id));
    }

    @Test
    void aMissedEventIsFoundByTheSweep() {
        // Written straight to the database: no event was ever published for this delete.
        UUID id = fixtures.pendingDelete(Instant.now().minus(Duration.ofHours(1)), 1000);
        String key = fixtures.locations(id).get(0).objectKey;

        assertEquals(ImageStatus.DELETED, fixtures.awaitStatusLeaving(id, ImageStatus.PENDING_DELETE,
                Duration.ofSeconds(15)));
        assertFalse(fixtures.stored(key));
        assertEquals(1, fixtures.deletedEvents(id));
    }

    @Test
    void aStoreOutageLeavesTheImagePendingUntilALaterRunSucceedsAndBlocksNoOther() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        UUID failing = fixtures.image(ImageStatus.PENDING_DELETE, Instant.now().plusSeconds(2).minus(SCRUB_TIME));
        String healthyCopy = fixtures.object(failing, 2000);
        String brokenCopy = fixtures.object(failing, 3000);
        fixtures.location(failing, healthyCopy, 2000, LocationStatus.ACTIVE);
        fixtures.location(failing, brokenCopy, 3000, LocationStatus.ACTIVE);
        store.failRemoves(brokenCopy, 2);
        UUID other = fixtures.pendingDelete(longAgo, 1000);
        String otherKey = fixtures.locations(other).get(0).objectKey;
        double failuresBefore = counter("glint_scrubber_failures_total");

        assertTrue(Fixtures.awaitTrue(() -> store.removesOf(healthyCopy) == 1, Duration.ofSeconds(15)));
        ImageRecord stillPending = fixtures.find(failing);
        assertEquals(ImageStatus.PENDING_DELETE, stillPending.status, "an image with data left must stay pending");
        assertEquals(ImageStatus.DELETED, fixtures.awaitStatusLeaving(other, ImageStatus.PENDING_DELETE,
                Duration.ofSeconds(15)), "one bad image must not block the others");

        assertEquals(ImageStatus.DELETED, fixtures.awaitStatusLeaving(failing, ImageStatus.PENDING_DELETE,
                Duration.ofSeconds(30)));
        assertFalse(fixtures.stored(healthyCopy));
        assertFalse(fixtures.stored(brokenCopy));
        assertEquals(1, store.removesOf(healthyCopy), "a removed copy is not removed again on retry");
        assertEquals(1, store.removesOf(brokenCopy));
        fixtures.locations(failing).forEach(location -> assertEquals(LocationStatus.DELETED, location.status));
        assertEquals(1, fixtures.deletedEvents(failing));
        assertTrue(counter("glint_scrubber_failures_total") >= failuresBefore + 2);
        long retryRows = tx.awaitRead(session -> session.createNativeQuery(
                "select count(*) from scrub_retries where image_id = ?1", Long.class)
                .setParameter(1, failing).getSingleResult());
        assertEquals(0, retryRows);
    }

    @Test
    void imagesWaitingOutARetryDelayDoNotFillTheSweepsBatch() {
        // The oldest pending_delete image in the database, waiting for an hour after a store error.
        UUID waiting = fixtures.image(ImageStatus.PENDING_DELETE, Instant.parse("2000-01-01T00:00:00Z"));
        tx.awaitTransaction(session -> session.createNativeQuery("insert into scrub_retries "
                        + "(image_id, deleted_at, not_before, attempts, last_error) "
                        + "select id, deleted_at, now() + interval '1 hour', 1, 'test' from images where id = ?1")
                .setParameter(1, waiting).executeUpdate());
        fixtures.image(ImageStatus.PENDING_DELETE, Instant.parse("2000-01-02T00:00:00Z"));

        List<UUID> batch = call(() -> scrubber.due(1));
        assertEquals(1, batch.size());
        assertFalse(batch.contains(waiting));
        Fixtures.sleep(2000);
        assertEquals(ImageStatus.PENDING_DELETE, fixtures.find(waiting).status);
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = 'deleted' where id = ?1")
                .setParameter(1, waiting).executeUpdate());
    }

    @Test
    void anImageBeingRestoredIsNotScrubbed() {
        UUID id = fixtures.pendingDelete(Instant.now().minus(Duration.ofHours(1)), 1000);
        String key = fixtures.locations(id).get(0).objectKey;

        // What the restore API does, with a scrub attempted while it holds the image.
        List<Boolean> scrubbedMeanwhile = new ArrayList<>();
        tx.awaitTransaction(session -> session.find(ImageRecord.class, id, LockModeType.PESSIMISTIC_WRITE)
                .chain(() -> pool.submit(id))
                .invoke(scrubbedMeanwhile::add)
                .chain(() -> lifecycle.move(session, ImageChange.of(ImageTransition.RESTORE, id,
                        ImageStatus.PENDING_DELETE))));

        assertEquals(List.of(false), scrubbedMeanwhile);
        Fixtures.sleep(2500);
        assertEquals(ImageStatus.ACTIVE, fixtures.find(id).status);
        assertTrue(fixtures.stored(key));
        assertEquals(0, store.removesOf(key));
        assertEquals(LocationStatus.ACTIVE, fixtures.locations(id).get(0).status);
    }

    @Test
    void twoScrubbersAtOnceRemoveEachCopyOnceAndDeleteEachImageOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(fixtures.pendingDelete(Instant.now().minus(Duration.ofHours(1)), 512, 513));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService scrubbers = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Boolean>>> runs = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                runs.add(scrubbers.submit(() -> {
                    start.await();
                    List<Boolean> outcomes = new ArrayList<>();
                    for (UUID id : ids) {
                        outcomes.add(call(() -> scrubber.scrub(id)));
                    }
                    return outcomes;
                }));
            }
            List<Boolean> first = runs.get(0).get(60, TimeUnit.SECONDS);
            List<Boolean> second = runs.get(1).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < ids.size(); i++) {
                assertFalse(first.get(i) && second.get(i), "image " + ids.get(i) + " scrubbed twice");
            }
            System.out.printf("two scrubbers: first scrubbed %d, second %d of %d images (the sweep the rest)%n",
                    first.stream().filter(b -> b).count(), second.stream().filter(b -> b).count(), ids.size());
        } finally {
            scrubbers.shutdownNow();
        }
        for (UUID id : ids) {
            assertEquals(ImageStatus.DELETED, fixtures.awaitStatusLeaving(id, ImageStatus.PENDING_DELETE,
                    Duration.ofSeconds(15)));
            assertEquals(1, fixtures.deletedEvents(id), "one deleted event for " + id);
            for (ImageLocationRecord location : fixtures.locations(id)) {
                assertEquals(1, store.removesOf(location.objectKey), "removes of " + location.objectKey);
                assertEquals(LocationStatus.DELETED, location.status);
                assertFalse(fixtures.stored(location.objectKey));
            }
        }
    }

    @Test
    void metricsReportBacklogAgeReclaimedBytesAndFailures() {
        UUID waiting = fixtures.image(ImageStatus.PENDING_DELETE, Instant.now().plus(Duration.ofDays(1)));
        assertTrue(Fixtures.awaitTrue(() -> counter("glint_scrubber_pending_delete_backlog") >= 1,
                Duration.ofSeconds(10)));
        String metrics = given().get("/q/metrics").then().statusCode(200)
                .body(containsString("glint_scrubber_oldest_due_age_seconds"))
                .body(containsString("glint_scrubber_bytes_reclaimed_total"))
                .body(containsString("glint_scrubber_failures_total"))
                .extract().asString();
        assertTrue(metrics.contains("glint_scrubber_orphans_removed_total"));
        assertTrue(counter("glint_scrubber_bytes_reclaimed_total") >= 0);
        // Out of the backlog again, so other tests see only their own images waiting.
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = 'deleted' where id = ?1")
                .setParameter(1, waiting).executeUpdate());
    }

    static double counter(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static <T> T call(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
