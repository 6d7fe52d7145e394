package dev.glint.persistence;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The image side of an import: the import lock and Glance's bookkeeping properties
 * ({@code os_glance_import_task}, {@code os_glance_importing_to_stores},
 * {@code os_glance_failed_import}), and the way back to queued when an import fails. Shared by
 * the import-worker (which finishes imports) and the task-executor (which gives up on imports whose
 * worker died), so both end an import the same way.
 *
 * <p>An import runs while the image names its task in {@code os_glance_import_task} and has
 * stores left in {@code os_glance_importing_to_stores} ({@link #running}). As in Glance, a
 * successful import leaves {@code os_glance_import_task} naming its task and the stores list (and
 * {@code os_glance_failed_import}) empty, so the image tells which task imported it, and clients'
 * waiters (Tempest's, which take a missing list for "not started yet") see it ended; a failed one
 * removes the task and the list.
 */
@ApplicationScoped
public class ImageImports {

    public static final String LOCK = "os_glance_import_task";
    public static final String IMPORTING_TO = "os_glance_importing_to_stores";
    public static final String FAILED = "os_glance_failed_import";

    private final ImageLifecycle lifecycle;

    public ImageImports(ImageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** What a failed import leaves to remove from the stores once the failure is committed. */
    public record Failure(boolean applied, List<ImageLocationRecord> dataToRemove) {
    }

    /** Whether an import runs on the image (any task's). */
    public static boolean inProgress(ImageRecord image) {
        return image.properties.get(LOCK) != null && !storeList(image.properties.get(IMPORTING_TO)).isEmpty();
    }

    /** Whether the import of task {@code taskId} runs on the image: it holds the lock and has not ended. */
    public static boolean running(ImageRecord image, UUID taskId) {
        return inProgress(image) && taskId.toString().equals(image.properties.get(LOCK));
    }

    public static Set<String> storeList(String value) {
        if (value == null || value.isBlank()) {
            return new LinkedHashSet<>();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public static String storeList(Collection<String> stores) {
        return String.join(",", stores);
    }

    /**
     * Ends the import of task {@code taskId} as failed: the lock is released, {@code failedStores}
     * are added to {@code os_glance_failed_import}, copies the import began are marked deleted, and
     * an importing image goes back to queued (a copy-image import leaves the image active). A no-op
     * when this task's import no longer runs on the image (another took over, or it ended).
     */
    public Uni<Failure> fail(Mutiny.Session session, UUID imageId, UUID taskId, Collection<String> failedStores,
            String reason) {
        return session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE).flatMap(image -> {
            if (image == null || isGone(image)) {
                // Deleted during the import: nothing to put back, but the copies it began must go.
                return pendingLocations(session, imageId).call(pending -> markDeleted(session, pending))
                        .map(pending -> new Failure(false, pending));
            }
            if (!running(image, taskId)) {
                return Uni.createFrom().item(new Failure(false, List.of()));
            }
            Set<String> failed = storeList(image.properties.get(FAILED));
            failed.addAll(failedStores);
            image.properties.remove(LOCK);
            image.properties.remove(IMPORTING_TO);
            if (!failed.isEmpty()) {
                image.properties.put(FAILED, storeList(failed));
            }
            image.updatedAt = Instant.now();
            return pendingLocations(session, imageId)
                    .call(pending -> markDeleted(session, pending))
                    .call(pending -> backToQueued(session, image, reason))
                    .map(pending -> new Failure(true, pending));
        });
    }

    /** An importing image is given back as queued; a copy-image import leaves the image active. */
    private Uni<Optional<ImageRecord>> backToQueued(Mutiny.Session session, ImageRecord image, String reason) {
        ImageTransition transition = image.status == ImageStatus.IMPORTING
                ? ImageTransition.GIVE_BACK_TO_QUEUED : ImageTransition.UPDATE;
        return lifecycle.move(session, ImageChange.of(transition, image).reason(reason));
    }

    /** Deleted, or deleted but for its data (pending_delete): an import has nothing to finish. */
    public static boolean isGone(ImageRecord image) {
        return image.status == ImageStatus.DELETED || image.status == ImageStatus.PENDING_DELETE;
    }

    private static Uni<Void> markDeleted(Mutiny.Session session, List<ImageLocationRecord> locations) {
        locations.forEach(location -> {
            location.status = LocationStatus.DELETED;
            location.updatedAt = Instant.now();
        });
        return session.flush();
    }

    /** Copies an import has begun writing but not finished. */
    public static Uni<List<ImageLocationRecord>> pendingLocations(Mutiny.Session session, UUID imageId) {
        return session.createSelectionQuery("from ImageLocationRecord where imageId = :id and status = :pending",
                        ImageLocationRecord.class)
                .setParameter("id", imageId)
                .setParameter("pending", LocationStatus.PENDING)
                .getResultList();
    }
}
