package dev.glint.imports.persistence;

import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.ImportWork;
import dev.glint.domain.TaskStatus;
import dev.glint.imports.domain.LeaseLost;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.OutboxWriter;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ImageDigests;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * How a location_import task ends, the image and the task's outcome in one transaction. A
 * location that was waiting for its data to match the client's validation data becomes readable
 * and the image active, or, when the data did not match or could not be read, the location is
 * dropped and the image goes back to queued without hashes (Glance's revert). A location that made
 * the image active at once only gets the hashes recorded. Either way the lock is released.
 */
@ApplicationScoped
public class LocationImportRecords {

    private final Transactions tx;
    private final ImageLifecycle images;
    private final OutboxWriter outbox;

    public LocationImportRecords(Transactions tx, ImageLifecycle images, OutboxWriter outbox) {
        this.tx = tx;
        this.images = images;
        this.outbox = outbox;
    }

    /**
     * Ends the task: {@code digests} are the data's hashes (null when it could not be read),
     * {@code accepted} whether they satisfy the validation data (true without any).
     */
    public void finish(TaskRecord task, int attempt, UUID locationId, ImageDigests digests, boolean accepted,
            String message) {
        tx.awaitTransaction(session -> session.find(TaskRecord.class, task.id).flatMap(now -> {
            if (now == null || now.status != TaskStatus.PROCESSING || now.attempt != attempt) {
                throw new LeaseLost("Task " + task.id + " attempt " + attempt + " is no longer current");
            }
            return session.find(ImageRecord.class, task.imageId, LockModeType.PESSIMISTIC_WRITE)
                    .flatMap(image -> {
                        boolean ours = image != null && !ImageImports.isGone(image)
                                && task.id.toString().equals(image.properties.get(ImageImports.LOCK));
                        if (!ours) {
                            return outbox.importWork(session, ImportWork.finished(task.id, task.imageId, attempt,
                                    false, "The image was deleted, or its location changed, while it was hashed.",
                                    Map.of()));
                        }
                        image.properties.remove(ImageImports.LOCK);
                        image.updatedAt = Instant.now();
                        Uni<?> ended = image.status == ImageStatus.IMPORTING
                                ? verified(session, image, locationId, digests, accepted, message)
                                : hashed(session, image, digests, message);
                        boolean succeeded = image.status != ImageStatus.IMPORTING ? true : accepted && digests != null;
                        return ended.chain(() -> outbox.importWork(session, ImportWork.finished(task.id, image.id,
                                attempt, succeeded, message, Map.of("image_id", image.id.toString()))));
                    });
        }));
    }

    private Uni<?> verified(Mutiny.Session session, ImageRecord image, UUID locationId, ImageDigests digests,
            boolean accepted, String message) {
        return session.find(ImageLocationRecord.class, locationId).flatMap(location -> {
            boolean good = accepted && digests != null && location != null;
            if (location != null) {
                location.status = good ? LocationStatus.ACTIVE : LocationStatus.DELETED;
                location.updatedAt = Instant.now();
            }
            // A mismatch gives the image back to queued without the data's size and hashes, as
            // Glance's revert does; the location is dropped above.
            ImageChange change = good
                    ? ImageChange.of(ImageTransition.ACTIVATE, image.id, ImageStatus.IMPORTING)
                            .set(ImageField.CHECKSUM, digests.checksum())
                            .set(ImageField.OS_HASH_ALGO, digests.hashAlgorithm())
                            .set(ImageField.OS_HASH_VALUE, digests.hashValue())
                            .reason("the location's data matched its validation data")
                    : ImageChange.of(ImageTransition.GIVE_BACK_TO_QUEUED, image.id, ImageStatus.IMPORTING)
                            .set(ImageField.CHECKSUM, null)
                            .set(ImageField.OS_HASH_ALGO, null)
                            .set(ImageField.OS_HASH_VALUE, null)
                            .reason(message);
            return session.flush().chain(() -> images.move(session, change));
        });
    }

    private Uni<?> hashed(Mutiny.Session session, ImageRecord image, ImageDigests digests, String message) {
        if (digests != null && image.osHashValue == null) {
            image.checksum = digests.checksum();
            image.osHashAlgo = digests.hashAlgorithm();
            image.osHashValue = digests.hashValue();
        }
        return session.flush().chain(() -> images.move(session, ImageChange.of(ImageTransition.UPDATE, image)
                .reason(message)));
    }
}
