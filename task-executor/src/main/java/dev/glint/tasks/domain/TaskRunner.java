package dev.glint.tasks.domain;

import dev.glint.domain.ImportWork;
import dev.glint.domain.TaskField;
import dev.glint.domain.TaskStatus;
import dev.glint.domain.TaskTransition;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.OutboxWriter;
import dev.glint.persistence.TaskChange;
import dev.glint.persistence.TaskLifecycle;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.ObjectStore;
import dev.glint.storage.Stores;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Owns every task's lifecycle: claims a pending task (pending -> processing) and hands it to the
 * import-workers, applies the outcome a worker reports (-> success / failure, with expires_at), and
 * gives up on a worker that stopped reporting progress: the task is handed out again under a new
 * attempt number, or after the last attempt fails, with the image's import undone.
 */
@ApplicationScoped
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    private static final Set<String> IMPORT_TYPES = Set.of(TaskRecord.TYPE_IMPORT, TaskRecord.TYPE_API_IMAGE_IMPORT);

    private final Transactions tx;
    private final TaskLifecycle tasks;
    private final OutboxWriter outbox;
    private final ImageImports imports;
    private final Stores stores;
    private final TasksConfig config;

    public TaskRunner(Transactions tx, TaskLifecycle tasks, OutboxWriter outbox, ImageImports imports, Stores stores,
            TasksConfig config) {
        this.tx = tx;
        this.tasks = tasks;
        this.outbox = outbox;
        this.imports = imports;
        this.stores = stores;
        this.config = config;
    }

    /** pending -> processing and the first hand-out; a no-op when another replica claimed it first. */
    public Uni<Void> claim(UUID taskId) {
        return tx.inTransaction(session -> session.find(TaskRecord.class, taskId).flatMap(task -> {
            if (task == null || task.status != TaskStatus.PENDING) {
                return Uni.createFrom().voidItem();
            }
            if (!IMPORT_TYPES.contains(task.type) || task.imageId == null) {
                return finish(session, task.id, TaskStatus.PENDING, null, false,
                        "Task type " + task.type + " cannot be run here", Map.of()).replaceWithVoid();
            }
            return tasks.move(session, TaskChange.of(TaskTransition.CLAIM, taskId, TaskStatus.PENDING)
                            .set(TaskField.ATTEMPT, 1)
                            .set(TaskField.MESSAGE, "Waiting for an import-worker"))
                    .flatMap(moved -> moved.isEmpty() ? Uni.createFrom().voidItem()
                            : outbox.importWork(session, ImportWork.requested(taskId, task.imageId, 1))
                                    .invoke(() -> LOG.infof("Task %s (image %s) handed to the import-workers", taskId,
                                            task.imageId)));
        }));
    }

    /** Applies a worker's outcome, when it is about the task's current attempt. */
    public Uni<Void> applyOutcome(Mutiny.Session session, ImportWork outcome) {
        boolean succeeded = Boolean.TRUE.equals(outcome.succeeded());
        return finish(session, outcome.taskId(), TaskStatus.PROCESSING, outcome.attempt(), succeeded,
                outcome.message(), outcome.result())
                .replaceWithVoid()
                .invoke(() -> LOG.infof("Task %s (image %s) %s: %s", outcome.taskId(), outcome.imageId(),
                        succeeded ? "succeeded" : "failed", outcome.message()));
    }

    private Uni<Optional<TaskRecord>> finish(Mutiny.Session session, UUID taskId, TaskStatus from, Integer attempt,
            boolean succeeded, String message, Map<String, Object> result) {
        Instant now = Instant.now();
        TaskChange change = TaskChange.of(succeeded ? TaskTransition.SUCCEED : TaskTransition.FAIL, taskId, from)
                .set(TaskField.MESSAGE, message == null ? "" : message)
                .set(TaskField.RESULT, result == null || result.isEmpty() ? null : result)
                .set(TaskField.EXPIRES_AT, now.plus(config.timeToLive()));
        if (attempt != null) {
            change.onlyForAttempt(attempt);
        }
        return tasks.move(session, change);
    }

    /** Tasks left pending (their event was missed, or no executor ran when they were made). */
    public Uni<List<UUID>> overduePending() {
        return tx.read(session -> session.createSelectionQuery(
                        "select id from TaskRecord where status = :pending and createdAt < :before order by createdAt",
                        UUID.class)
                .setParameter("pending", TaskStatus.PENDING)
                .setParameter("before", Instant.now().minus(config.pendingGrace()))
                .setMaxResults(100)
                .getResultList());
    }

    /** Processing tasks whose worker has not reported progress within the stall timeout. */
    public Uni<List<TaskRecord>> stalled() {
        return tx.read(session -> session.createSelectionQuery(
                        "from TaskRecord where status = :processing and heartbeatAt < :before order by heartbeatAt",
                        TaskRecord.class)
                .setParameter("processing", TaskStatus.PROCESSING)
                .setParameter("before", Instant.now().minus(config.stallTimeout()))
                .setMaxResults(100)
                .getResultList());
    }

    /**
     * The worker of {@code task}'s current attempt went quiet: hand the task out again, or fail it
     * after the last attempt. Either way only if nobody moved the task on meanwhile.
     */
    public Uni<Void> recover(TaskRecord task) {
        int attempt = task.attempt;
        if (attempt < config.maxAttempts()) {
            int next = attempt + 1;
            String message = "The import-worker stopped reporting progress; retrying (attempt " + next + " of "
                    + config.maxAttempts() + ")";
            return tx.inTransaction(session -> tasks.move(session, TaskChange.of(TaskTransition.HAND_OUT_AGAIN, task.id,
                                    TaskStatus.PROCESSING)
                            .onlyForAttempt(attempt)
                            .set(TaskField.ATTEMPT, next)
                            .set(TaskField.MESSAGE, message))
                    .flatMap(moved -> moved.isEmpty() ? Uni.createFrom().voidItem()
                            : outbox.importWork(session, ImportWork.requested(task.id, task.imageId, next))
                                    .invoke(() -> LOG.warnf("Task %s (image %s): %s", task.id, task.imageId, message))));
        }
        String reason = "The import-worker stopped reporting progress for " + config.stallTimeout().toSeconds()
                + " s, " + attempt + " time(s); the import was abandoned and the image returned to queued";
        Set<String> targets = ImageImports.storeList(task.input == null ? null : storesOf(task));
        return tx.inTransaction(session -> finish(session, task.id, TaskStatus.PROCESSING, attempt, false, reason, Map.of())
                        .flatMap(failed -> failed.isPresent()
                                ? imports.fail(session, task.imageId, task.id, targets, reason).map(Optional::of)
                                : Uni.createFrom().item(Optional.<ImageImports.Failure>empty())))
                .invoke(failure -> failure.ifPresent(f -> LOG.warnf("Task %s (image %s) failed: %s", task.id,
                        task.imageId, reason)))
                .call(failure -> failure.map(f -> removeData(f.dataToRemove(), task.imageId))
                        .orElse(Uni.createFrom().voidItem()))
                .replaceWithVoid();
    }

    private static String storesOf(TaskRecord task) {
        Object backend = task.input.get("backend");
        return backend instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : null;
    }

    /** Partly written copies, and staged data, of an abandoned import. */
    private Uni<Void> removeData(List<ImageLocationRecord> locations, UUID imageId) {
        return VertxContextSupport.executeBlocking(() -> {
            removeQuietly(stores.defaultStore().objects(), stores.defaultStore().bucket(), ObjectKeys.staged(imageId),
                    imageId);
            for (ImageLocationRecord location : locations) {
                removeQuietly(stores.objectsOf(location.store), location.bucket, location.objectKey, imageId);
            }
            return null;
        }).replaceWithVoid();
    }

    private static void removeQuietly(ObjectStore objects, String bucket, String key, UUID imageId) {
        try {
            objects.remove(bucket, key);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove %s of image %s (the scrubber will): %s", key, imageId, e.getMessage());
        }
    }
}
