package dev.glint.api;

import dev.glint.persistence.Transactions;
import io.quarkus.arc.Arc;
import java.util.UUID;

/**
 * Puts images into statuses that need the upload-worker (which does not run in these tests)
 * straight through the database.
 */
final class TestImages {

    private TestImages() {
    }

    static void setStatus(String id, String status) {
        Transactions tx = Arc.container().instance(Transactions.class).get();
        tx.awaitTransaction(session -> session.createNativeQuery(
                        "update images set status = :status, size = coalesce(size, 0) where id = :id")
                .setParameter("status", status)
                .setParameter("id", UUID.fromString(id))
                .executeUpdate());
    }

    /**
     * What the upload-worker does after an upload it verified: the uploaded copy becomes readable
     * and the image active (its size and hashes are the ones the upload computed).
     */
    static void activateUploaded(String id) {
        Transactions tx = Arc.container().instance(Transactions.class).get();
        UUID imageId = UUID.fromString(id);
        tx.awaitTransaction(session -> session.createNativeQuery(
                        "update image_locations set status = 'ACTIVE' where image_id = :id and status = 'PENDING'")
                .setParameter("id", imageId)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("update images set status = 'active' where id = :id")
                        .setParameter("id", imageId)
                        .executeUpdate()));
    }
}
