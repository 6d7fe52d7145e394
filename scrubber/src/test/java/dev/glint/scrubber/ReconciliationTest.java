package dev.glint.scrubber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.scrubber.domain.OrphanReconciler;
import dev.glint.scrubber.persistence.DeletedImagePurge;
import dev.glint.storage.ListedObject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation and the purge on the real store and database. The test profile sets the grace
 * period to 3 s, so "old" objects are made by waiting; staged data may live 7 days (the default).
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ReconciliationTest {

    private static final Duration GRACE = Duration.ofSeconds(3);

    @Inject
    Fixtures fixtures;
    @Inject
    OrphanReconciler reconciler;
    @Inject
    DeletedImagePurge purge;
    @Inject
    FaultInjectingObjectStore store;
    @Inject
    Transactions tx;

    @Test
    void orphansAreFoundAndRemovedAndLiveDataIsNeverTouched() {
        // Orphans: no image at all; a deleted image whose immediate delete could not remove its data;
        // a killed image; a failed upload's leftover next to the active copy; staging nobody imports.
        String noImage = fixtures.object(UUID.randomUUID(), 100);
        UUID deleted = fixtures.image(ImageStatus.DELETED, Instant.now());
        String ofDeleted = fixtures.object(deleted, 101);
        fixtures.location(deleted, ofDeleted, 101, LocationStatus.ACTIVE);
        UUID killed = fixtures.image(ImageStatus.KILLED, null);
        String ofKilled = fixtures.object(killed, 102);
        fixtures.location(killed, ofKilled, 102, LocationStatus.PENDING);
        UUID active = fixtures.activeImage(1);
        String activeCopy = fixtures.locations(active).get(0).objectKey;
        String failedAttempt = fixtures.object(active, 103);
        String staleStaging = fixtures.object("staging/" + UUID.randomUUID() + "/data", 104);
        // Live: an upload in progress (no location row yet), a staged upload waiting for its import,
        // an import with a running task, and data the scrubber (or a restore) still owns.
        UUID saving = fixtures.image(ImageStatus.SAVING, null);
        String uploading = fixtures.object(saving, 105);
        UUID staged = fixtures.image(ImageStatus.UPLOADING, null);
        String stagedData = fixtures.object("staging/" + staged + "/data", 106);
        UUID importing = fixtures.image(ImageStatus.QUEUED, null);
        String importedData = fixtures.object(importing, 107);
        runningTask(importing);
        UUID pendingDelete = fixtures.image(ImageStatus.PENDING_DELETE, Instant.now().plus(Duration.ofDays(1)));
        String ofPendingDelete = fixtures.object(pendingDelete, 108);
        fixtures.location(pendingDelete, ofPendingDelete, 108, LocationStatus.ACTIVE);

        // A store that was never created (a location of another store whose bucket is gone) holds nothing.
        UUID elsewhere = fixtures.image(ImageStatus.DELETED, Instant.now());
        tx.awaitTransaction(session -> session.createNativeQuery("insert into image_locations (id, image_id, store, "
                        + "bucket, object_key, status, size, created_at, updated_at) values (?1, ?2, 'other', "
                        + "'glint-never-created', 'images/x/y', 'ACTIVE', 1, now(), now())")
                .setParameter(1, UUID.randomUUID()).setParameter(2, elsewhere).executeUpdate());

        Fixtures.sleep(GRACE.toMillis() + 500);
        // Younger than the grace period: never touched, whoever owns it.
        String young = fixtures.object(UUID.randomUUID(), 109);

        Set<String> orphans = Set.of(noImage, ofDeleted, ofKilled, failedAttempt, staleStaging);
        Set<String> live = Set.of(activeCopy, uploading, stagedData, importedData, ofPendingDelete, young);
        Set<String> mine = new java.util.HashSet<>(orphans);
        mine.addAll(live);

        OrphanReconciler.Report dryRun = reconciler.reconcile(true);
        assertEquals(orphans, keys(dryRun.orphans(), mine));
        assertTrue(dryRun.removed().isEmpty());
        mine.forEach(key -> assertTrue(fixtures.stored(key), "a dry run removes nothing: " + key));

        // The dry run and its checks may outlast the grace period on a busy machine, so the real run
        // gets a young object of its own (the first one may have come of age meanwhile).
        String youngAgain = fixtures.object(UUID.randomUUID(), 110);
        mine.remove(young);
        mine.add(youngAgain);
        Set<String> liveNow = new java.util.HashSet<>(live);
        liveNow.remove(young);
        liveNow.add(youngAgain);
        OrphanReconciler.Report run = reconciler.reconcile(false);
        assertEquals(orphans, keys(run.removed(), mine));
        orphans.forEach(key -> assertFalse(fixtures.stored(key), "orphan left behind: " + key));
        liveNow.forEach(key -> {
            assertTrue(fixtures.stored(key), "live data removed: " + key);
            assertEquals(0, store.removesOf(key), "live data touched: " + key);
        });
        assertEquals(LocationStatus.DELETED, fixtures.locations(deleted).get(0).status);
        assertEquals(LocationStatus.DELETED, fixtures.locations(killed).get(0).status);
        assertEquals(LocationStatus.ACTIVE, fixtures.locations(active).get(0).status);

        Set<String> settled = new java.util.HashSet<>(mine);
        settled.remove(youngAgain);
        assertTrue(keys(reconciler.reconcile(false).orphans(), settled).isEmpty(), "a second run finds nothing");
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = 'deleted' where id = ?1")
                .setParameter(1, pendingDelete).executeUpdate());
    }

    @Test
    void purgeRemovesRowsOfImagesDeletedLongAgoOnly() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        UUID old = fixtures.image(ImageStatus.DELETED, longAgo);
        fixtures.location(old, "images/" + old + "/gone", 10, LocationStatus.DELETED);
        tx.awaitTransaction(session -> session.createNativeQuery("insert into image_members "
                        + "(image_id, member, status, created_at, updated_at) values (?1, 'p2', 'accepted', now(), now())")
                .setParameter(1, old).executeUpdate());
        runningTask(old);
        UUID recent = fixtures.image(ImageStatus.DELETED, Instant.now().minus(Duration.ofDays(3)));
        UUID withData = fixtures.image(ImageStatus.DELETED, longAgo);
        fixtures.location(withData, "images/" + withData + "/still-there", 10, LocationStatus.ACTIVE);
        UUID pending = fixtures.image(ImageStatus.PENDING_DELETE, longAgo.plus(Duration.ofDays(3650)));

        assertTrue(purge.purge(Duration.ofDays(30), true) >= 1);
        assertTrue(exists(old), "a dry run purges nothing");

        assertTrue(purge.purge(Duration.ofDays(30), false) >= 1);
        assertFalse(exists(old));
        assertEquals(0, count("select count(*) from image_locations where image_id = ?1", old));
        assertEquals(0, count("select count(*) from image_members where image_id = ?1", old));
        assertEquals(0, count("select count(*) from tasks where image_id = ?1", old));
        assertTrue(exists(recent));
        assertTrue(exists(withData), "an image whose data may still be stored keeps its rows");
        assertTrue(exists(pending));
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = 'deleted' where id = ?1")
                .setParameter(1, pending).executeUpdate());
    }

    private void runningTask(UUID imageId) {
        tx.awaitTransaction(session -> session.createNativeQuery("insert into tasks "
                        + "(id, type, status, owner, image_id, created_at, updated_at) "
                        + "values (?1, 'api_image_import', 'processing', 'test', ?2, now(), now())")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, imageId)
                .executeUpdate());
    }

    private boolean exists(UUID id) {
        return count("select count(*) from images where id = ?1", id) == 1;
    }

    private long count(String sql, UUID id) {
        return tx.awaitRead(session -> session.createNativeQuery(sql, Long.class).setParameter(1, id).getSingleResult());
    }

    /** The keys of {@code objects} that this test made (other tests may leave orphans of their own). */
    private static Set<String> keys(List<ListedObject> objects, Set<String> mine) {
        return objects.stream().map(ListedObject::key).filter(mine::contains).collect(Collectors.toSet());
    }
}
