package dev.glint.scrubber;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Images, objects and locations written straight through the persistence beans and the real store. */
@ApplicationScoped
public class Fixtures {

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final ObjectStore store;

    public Fixtures(Transactions tx, ImageLifecycle lifecycle, ObjectStore store) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.store = store;
    }

    /** An image in {@code status}, written without any event (as if its events had been lost). */
    public UUID image(ImageStatus status, Instant deletedAt) {
        ImageRecord image = newImage(UUID.randomUUID(), status, deletedAt);
        tx.awaitTransaction(session -> session.persist(image));
        return image.id;
    }

    /**
     * A pending_delete image with stored copies of the given sizes. The image and its locations are
     * written in one transaction, so a scrubber never sees the image without its copies.
     */
    public UUID pendingDelete(Instant deletedAt, int... sizes) {
        UUID id = UUID.randomUUID();
        List<ImageLocationRecord> copies = new java.util.ArrayList<>();
        for (int size : sizes) {
            ImageLocationRecord copy = ImageLocationRecord.pending(id, "default", store.defaultBucket(),
                    object(id, size), size);
            copy.status = LocationStatus.ACTIVE;
            copies.add(copy);
        }
        ImageRecord image = newImage(id, ImageStatus.PENDING_DELETE, deletedAt);
        tx.awaitTransaction(session -> session.persist(image).chain(() -> session.persistAll(copies.toArray())));
        return id;
    }

    private static ImageRecord newImage(UUID id, ImageStatus status, Instant deletedAt) {
        ImageRecord image = new ImageRecord();
        image.id = id;
        image.name = "scrubber-test";
        image.status = status;
        image.visibility = "private";
        image.owner = "test";
        image.diskFormat = "raw";
        image.containerFormat = "bare";
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        image.deletedAt = deletedAt;
        return image;
    }

    /** Stores data under a fresh key of the image and returns the key. */
    public String object(UUID imageId, int size) {
        return object(ObjectKeys.imageData(imageId, UUID.randomUUID()), size);
    }

    public String object(String key, int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        store.put(store.defaultBucket(), key, new ByteArrayInputStream(data));
        return key;
    }

    public ImageLocationRecord location(UUID imageId, String key, long size, LocationStatus status) {
        ImageLocationRecord location = ImageLocationRecord.pending(imageId, "default", store.defaultBucket(), key, size);
        location.status = status;
        tx.awaitTransaction(session -> session.persist(location));
        return location;
    }

    /** An active image with {@code copies} stored copies; returns the image id. */
    public UUID activeImage(int copies) {
        UUID id = image(ImageStatus.ACTIVE, null);
        for (int i = 0; i < copies; i++) {
            location(id, object(id, 4096 + i), 4096 + i, LocationStatus.ACTIVE);
        }
        return id;
    }

    /**
     * What image-api's DELETE does with delayed delete on: pending_delete and its event, with the
     * deletion then dated {@code deletedAt} (the transition stamps the time it ran).
     */
    public void deleteDelayed(UUID imageId, Instant deletedAt) {
        tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(ImageTransition.DELAYED_DELETE, imageId,
                        ImageStatus.ACTIVE))
                .call(() -> session.createMutationQuery("update ImageRecord set deletedAt = :at where id = :id")
                        .setParameter("at", deletedAt)
                        .setParameter("id", imageId)
                        .executeUpdate()));
    }

    public ImageRecord find(UUID id) {
        return tx.awaitRead(session -> session.find(ImageRecord.class, id));
    }

    public List<ImageLocationRecord> locations(UUID imageId) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "from ImageLocationRecord where imageId = :id order by createdAt", ImageLocationRecord.class)
                .setParameter("id", imageId)
                .getResultList());
    }

    public boolean stored(String key) {
        return store.stat(store.defaultBucket(), key).isPresent();
    }

    /** The image.delete events that report the image becoming deleted. */
    public long deletedEvents(UUID imageId) {
        return tx.awaitRead(session -> session.createSelectionQuery("select count(*) from OutboxRecord "
                                + "where messageKey = :id and eventType = :type and payload like :to", Long.class)
                .setParameter("id", imageId.toString())
                .setParameter("type", ImageEventType.DELETE.wireName())
                .setParameter("to", "%\"toStatus\":\"deleted\"%")
                .getSingleResult());
    }

    public ImageStatus awaitStatusLeaving(UUID id, ImageStatus status, Duration timeout) {
        awaitTrue(() -> find(id).status != status, timeout);
        return find(id).status;
    }

    public static boolean awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
