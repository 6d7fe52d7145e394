package dev.glint.imports.persistence;

import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.ImportWork;
import dev.glint.domain.TaskStatus;
import dev.glint.imports.domain.LeaseLost;
import dev.glint.imports.glance.RemoteImage;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.ImportCredentials;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.OutboxWriter;
import dev.glint.persistence.ProcessedEvents;
import dev.glint.persistence.TaskLifecycle;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The import-worker's transactions: taking up an attempt, recording progress and the copies being
 * written, and ending the import (image and task outcome in one transaction). Blocking calls, made
 * from the import's own thread.
 */
@ApplicationScoped
public class ImportRecords {

    public static final String CONSUMER = "import-worker";

    private final Transactions tx;
    private final ProcessedEvents processed;
    private final TaskLifecycle tasks;
    private final ImageLifecycle images;
    private final ImageImports imports;
    private final OutboxWriter outbox;
    private final ImportCredentials credentials;

    public ImportRecords(Transactions tx, ProcessedEvents processed, TaskLifecycle tasks, ImageLifecycle images,
            ImageImports imports, OutboxWriter outbox, ImportCredentials credentials) {
        this.credentials = credentials;
        this.tx = tx;
        this.processed = processed;
        this.tasks = tasks;
        this.images = images;
        this.imports = imports;
        this.outbox = outbox;
    }

    /** The task and image of an attempt that is still current, and the image's readable copies. */
    public record Attempt(TaskRecord task, ImageRecord image, List<ImageLocationRecord> live) {
    }

    /**
     * Takes up the hand-out {@code work} once (its event id, {@code eventId}, is claimed): empty when
     * it was seen before or is no longer the task's current attempt.
     */
    public Attempt takeUp(UUID eventId, ImportWork work) {
        return tx.awaitTransaction(session -> processed.claim(session, CONSUMER, eventId).flatMap(first -> {
            if (!first) {
                return Uni.createFrom().nullItem();
            }
            return session.find(TaskRecord.class, work.taskId()).flatMap(task -> {
                if (task == null || task.status != TaskStatus.PROCESSING || task.attempt != work.attempt()) {
                    return Uni.createFrom().nullItem();
                }
                return tasks.progress(session, task.id, task.attempt, "Import started")
                        .chain(() -> session.find(ImageRecord.class, work.imageId()))
                        .flatMap(image -> image == null ? Uni.createFrom().item(new Attempt(task, null, List.of()))
                                : ImageLocationRecord.live(session, image.id)
                                        .map(live -> new Attempt(task, image, live)));
            });
        }));
    }

    /** The caller's credentials a glance-download task was recorded with, unless they expired. */
    public Optional<ImportCredentials.Credential> credential(UUID taskId) {
        return tx.awaitRead(session -> credentials.find(session, taskId));
    }

    /** Reports progress; throws {@link LeaseLost} when this attempt was given up on. */
    public void progress(UUID taskId, int attempt, String message) {
        boolean current = tx.awaitTransaction(session -> tasks.progress(session, taskId, attempt, message));
        if (!current) {
            throw new LeaseLost("Task " + taskId + " attempt " + attempt + " is no longer current");
        }
    }

    /**
     * Records the copy about to be written, so that a worker dying mid-write leaves a trace to clean
     * up; throws {@link LeaseLost} when the attempt is no longer current. The task row is locked, so
     * a copy is recorded either before another attempt takes over (whose end then drops it) or not at
     * all: a superseded attempt never leaves a PENDING copy that no attempt will finish.
     */
    public ImageLocationRecord beginCopy(TaskRecord task, int attempt, String store, String bucket, String key) {
        ImageLocationRecord location = ImageLocationRecord.pending(task.imageId, store, bucket, key, 0);
        return tx.awaitTransaction(session -> session.find(TaskRecord.class, task.id, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(now -> {
                    if (now == null || now.status != TaskStatus.PROCESSING || now.attempt != attempt) {
                        throw new LeaseLost("Task " + task.id + " attempt " + attempt + " is no longer current");
                    }
                    return session.persist(location).replaceWith(location);
                }));
    }

    /** Marks copies this attempt began and gave up deleted (those still PENDING), their objects being removed. */
    public void dropCopies(List<ImageLocationRecord> copies) {
        if (copies.isEmpty()) {
            return;
        }
        tx.awaitTransaction(session -> session.createMutationQuery("update ImageLocationRecord "
                        + "set status = :deleted, updatedAt = :now where id in :ids and status = :pending")
                .setParameter("deleted", LocationStatus.DELETED)
                .setParameter("now", Instant.now())
                .setParameter("ids", copies.stream().map(copy -> copy.id).toList())
                .setParameter("pending", LocationStatus.PENDING)
                .executeUpdate());
    }

    /** What the import produced. */
    public record Imported(long size, String checksum, String hashAlgorithm, String hashValue, Long virtualSize,
            String diskFormat) {
    }

    /**
     * Ends the import as succeeded: the written copies become readable, the lock is released (the
     * image keeps {@code os_glance_import_task}, as in Glance), the image becomes active (or stays
     * active for copy-image), and the outcome is recorded for the task-executor. A glance-download's
     * {@code remote} image gives the image its formats and the properties copied from it, in this
     * same transaction: an import that fails leaves the image's own untouched. False when this
     * task's import no longer runs on the image (deleted meanwhile), in which case nothing is changed.
     */
    public boolean succeed(TaskRecord task, int attempt, Imported imported, RemoteImage remote,
            List<ImageLocationRecord> written, Collection<String> failedStores, String message,
            Map<String, Object> result) {
        return tx.awaitTransaction(session -> session.find(ImageRecord.class, task.imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> {
                    if (image == null || ImageImports.isGone(image) || !ImageImports.running(image, task.id)) {
                        return Uni.createFrom().item(false);
                    }
                    return session.find(TaskRecord.class, task.id).flatMap(now -> {
                        if (now == null || now.status != TaskStatus.PROCESSING || now.attempt != attempt) {
                            throw new LeaseLost("Task " + task.id + " attempt " + attempt + " is no longer current");
                        }
                        return activate(session, image, imported, remote, written, failedStores)
                                .chain(() -> credentials.forget(session, task.id))
                                .chain(() -> outbox.importWork(session, ImportWork.finished(task.id, image.id, attempt,
                                        true, message, result)))
                                .replaceWith(true);
                    });
                }));
    }

    private Uni<Void> activate(Mutiny.Session session, ImageRecord image, Imported imported, RemoteImage remote,
            List<ImageLocationRecord> written, Collection<String> failedStores) {
        Instant now = Instant.now();
        Set<UUID> ours = new java.util.HashSet<>(written.stream().map(location -> location.id).toList());
        return ImageImports.pendingLocations(session, image.id).flatMap(pending -> {
            for (ImageLocationRecord location : pending) {
                // Copies of this attempt become readable; leftovers of an abandoned attempt are dropped.
                location.status = ours.contains(location.id) ? LocationStatus.ACTIVE : LocationStatus.DELETED;
                location.size = ours.contains(location.id) ? imported.size() : location.size;
                location.updatedAt = now;
            }
            // As Glance, the image keeps naming the task that imported it (os_glance_import_task);
            // the import no longer runs once no stores are left to import to (an empty list, which
            // is what clients wait for, with the failed stores, maybe none, beside it).
            image.properties.put(ImageImports.IMPORTING_TO, "");
            Set<String> failed = ImageImports.storeList(image.properties.get(ImageImports.FAILED));
            failed.addAll(failedStores);
            image.properties.put(ImageImports.FAILED, ImageImports.storeList(failed));
            image.updatedAt = now;
            if (image.status != ImageStatus.IMPORTING) {
                // copy-image: the image stays active, with more copies.
                return session.flush().chain(() -> images.update(session, image)).replaceWithVoid();
            }
            ImageChange change = ImageChange.of(ImageTransition.ACTIVATE, image)
                    .set(ImageField.SIZE, imported.size())
                    .set(ImageField.CHECKSUM, imported.checksum())
                    .set(ImageField.OS_HASH_ALGO, imported.hashAlgorithm())
                    .set(ImageField.OS_HASH_VALUE, imported.hashValue());
            if (imported.virtualSize() != null) {
                change.set(ImageField.VIRTUAL_SIZE, imported.virtualSize());
            }
            if (remote != null) {
                // glance-download: the remote image's formats and chosen properties, over the image's own.
                image.properties.putAll(remote.properties());
                change.set(ImageField.DISK_FORMAT, remote.diskFormat());
                change.set(ImageField.CONTAINER_FORMAT, remote.containerFormat());
            }
            if (imported.diskFormat() != null) {
                // Converted data: its format, in no container (as Glance's image_conversion sets them).
                change.set(ImageField.DISK_FORMAT, imported.diskFormat());
                change.set(ImageField.CONTAINER_FORMAT, "bare");
            }
            return session.flush().chain(() -> images.move(session, change)).replaceWithVoid();
        });
    }

    /**
     * Ends the import as failed: the image goes back (see {@link ImageImports#fail}) and the
     * outcome is recorded. Returns the copies to remove from the stores.
     */
    public List<ImageLocationRecord> fail(TaskRecord task, int attempt, Collection<String> failedStores, String reason) {
        return tx.awaitTransaction(session -> session.find(TaskRecord.class, task.id).flatMap(now -> {
            if (now == null || now.status != TaskStatus.PROCESSING || now.attempt != attempt) {
                return Uni.createFrom().item(List.<ImageLocationRecord>of());
            }
            Uni<List<ImageLocationRecord>> undone = task.imageId == null
                    ? Uni.createFrom().item(List.of())
                    : imports.fail(session, task.imageId, task.id, failedStores, reason)
                            .map(failure -> new ArrayList<>(failure.dataToRemove()));
            return undone.call(ignored -> credentials.forget(session, task.id))
                    .call(ignored -> outbox.importWork(session, ImportWork.finished(task.id, task.imageId, attempt,
                    false, reason, Map.of())));
        }));
    }
}
