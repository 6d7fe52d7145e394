package dev.glint.scrubber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.scrubber.domain.AbandonedCopies;
import dev.glint.scrubber.domain.OrphanReconciler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fault run found PENDING copies of active and deactivated images, next to their ACTIVE copy:
 * writes of import attempts whose worker was killed and that nothing finished. They are now
 * dropped once older than the grace period, and their objects removed as orphans; the PENDING
 * copies of uploads and imports that still run are kept.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class AbandonedCopiesTest {

    private static final Duration GRACE = Duration.ofMinutes(5);

    @Inject
    Fixtures fixtures;
    @Inject
    AbandonedCopies abandonedCopies;
    @Inject
    OrphanReconciler reconciler;
    @Inject
    Transactions tx;

    @Test
    void aPendingCopyOfAnImageAtRestIsDroppedAndItsObjectRemoved() {
        for (ImageStatus status : new ImageStatus[] {ImageStatus.ACTIVE, ImageStatus.DEACTIVATED, ImageStatus.QUEUED}) {
            UUID image = status == ImageStatus.QUEUED ? fixtures.image(status, null) : fixtures.activeImage(1);
            if (status == ImageStatus.DEACTIVATED) {
                setStatus(image, "deactivated");
            }
            String leftover = fixtures.object(image, 100);
            ImageLocationRecord abandoned = fixtures.location(image, leftover, 0, LocationStatus.PENDING);
            age(abandoned);

            abandonedCopies.release(GRACE);

            assertEquals(LocationStatus.DELETED, status(abandoned), status + " image");
            fixtures.locations(image).stream().filter(l -> !l.id.equals(abandoned.id))
                    .forEach(kept -> assertEquals(LocationStatus.ACTIVE, kept.status));
            // The object becomes an orphan the reconciler removes once it is past its grace period (3 s here).
            assertTrue(Fixtures.awaitTrue(() -> {
                reconciler.reconcile(false);
                return !fixtures.stored(leftover);
            }, Duration.ofSeconds(60)), "the abandoned copy's object is an orphan now");
        }
    }

    @Test
    void pendingCopiesOfWritesThatMayStillRunAreKept() {
        // An upload's copy while its image is saving; an import's while the image is importing.
        for (ImageStatus status : new ImageStatus[] {ImageStatus.SAVING, ImageStatus.IMPORTING}) {
            UUID image = fixtures.image(status, null);
            ImageLocationRecord copy = fixtures.location(image, fixtures.object(image, 10), 0, LocationStatus.PENDING);
            age(copy);
            abandonedCopies.release(GRACE);
            assertEquals(LocationStatus.PENDING, status(copy), status + " image");
            setStatus(image, "deleted");
        }
        // copy-image: the image stays active while its task copies it into another store.
        UUID copying = fixtures.activeImage(1);
        TaskRecord task = TaskRecord.pending("api_image_import", "test", copying, Map.of(), null, null);
        tx.awaitTransaction(session -> session.persist(task));
        ImageLocationRecord copy = fixtures.location(copying, fixtures.object(copying, 10), 0, LocationStatus.PENDING);
        age(copy);
        abandonedCopies.release(GRACE);
        assertEquals(LocationStatus.PENDING, status(copy));
        // A young copy is kept too: its worker may be about to finish it.
        UUID young = fixtures.activeImage(1);
        ImageLocationRecord fresh = fixtures.location(young, fixtures.object(young, 10), 0, LocationStatus.PENDING);
        abandonedCopies.release(GRACE);
        assertEquals(LocationStatus.PENDING, status(fresh));
        setStatus(copying, "deleted");
        setStatus(young, "deleted");
    }

    private void age(ImageLocationRecord location) {
        tx.awaitTransaction(session -> session.createMutationQuery("update ImageLocationRecord set createdAt = :at where id = :id")
                .setParameter("at", Instant.now().minus(GRACE).minusSeconds(60))
                .setParameter("id", location.id)
                .executeUpdate());
    }

    private void setStatus(UUID image, String status) {
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = ?1 where id = ?2")
                .setParameter(1, status).setParameter(2, image).executeUpdate());
    }

    private LocationStatus status(ImageLocationRecord location) {
        return tx.awaitRead(session -> session.find(ImageLocationRecord.class, location.id)).status;
    }
}
