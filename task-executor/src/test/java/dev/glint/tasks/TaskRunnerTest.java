package dev.glint.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImportWork;
import dev.glint.domain.TaskStatus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.OutboxWriter;
import dev.glint.persistence.TaskLifecycle;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectKeys;
import dev.glint.tasks.domain.TaskRunner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The task-executor on the real infrastructure: it claims new tasks and hands them out, applies the
 * outcome of the current attempt only, hands out again a task whose worker went quiet, fails it
 * (with the image back in queued) after the last attempt, and purges expired tasks.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class TaskRunnerTest {

    @Inject
    Transactions tx;
    @Inject
    TaskLifecycle tasks;
    @Inject
    OutboxWriter outbox;
    @Inject
    TaskRunner runner;

    private UUID importingImage(UUID taskId) {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.name = "task-test";
        image.status = ImageStatus.IMPORTING;
        image.visibility = "private";
        image.owner = "test";
        image.diskFormat = "raw";
        image.containerFormat = "bare";
        image.size = 42L;
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        image.properties.put(ImageImports.LOCK, taskId.toString());
        image.properties.put(ImageImports.IMPORTING_TO, "default");
        tx.awaitTransaction(session -> session.persist(image));
        return image.id;
    }

    /** A pending import task and its image, importing under the task's lock. */
    private TaskRecord importTask() {
        TaskRecord task = TaskRecord.pending(TaskRecord.TYPE_API_IMAGE_IMPORT, "test", null, Map.of(
                "backend", List.of("default"),
                "import_req", Map.of("method", Map.of("name", "web-download", "uri", "http://example.com/x"))), null, null);
        task.imageId = importingImage(task.id);
        task.input.put("image_id", task.imageId.toString());
        return task;
    }

    private TaskRecord task(UUID id) {
        return tx.awaitRead(session -> session.find(TaskRecord.class, id));
    }

    private ImageRecord image(UUID id) {
        return tx.awaitRead(session -> session.find(ImageRecord.class, id));
    }

    private long handOuts(UUID taskId, int attempt) {
        return tx.awaitRead(session -> session.createNativeQuery(
                        "select count(*) from outbox where topic = 'glint.internal.import-work' and message_key = ?1 "
                                + "and event_type = 'import.requested' and payload like ?2", Long.class)
                .setParameter(1, taskId.toString())
                .setParameter(2, "%\"attempt\":" + attempt + ",%")
                .getSingleResult());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void newTaskIsClaimedHandedOutAndFinishedByItsOutcome() {
        TaskRecord task = importTask();
        tx.awaitTransaction(session -> tasks.create(session, task));

        await("the task is processing", () -> task(task.id).status == TaskStatus.PROCESSING);
        assertEquals(1, task(task.id).attempt);
        await("the task is handed out", () -> handOuts(task.id, 1) == 1);

        // An outcome of an attempt that is not current has no effect.
        tx.awaitTransaction(session -> outbox.importWork(session,
                ImportWork.finished(task.id, task.imageId, 7, true, "stale", Map.of())));
        tx.awaitTransaction(session -> outbox.importWork(session,
                ImportWork.finished(task.id, task.imageId, 1, true, "Imported 1 MiB", Map.of("image_id", "x"))));
        await("the task succeeded", () -> task(task.id).status == TaskStatus.SUCCESS);
        TaskRecord done = task(task.id);
        assertEquals("Imported 1 MiB", done.message);
        assertEquals(Map.of("image_id", "x"), done.result);
        Duration ttl = Duration.between(done.updatedAt, done.expiresAt);
        assertTrue(Math.abs(ttl.minus(Duration.ofHours(1)).toSeconds()) < 5, "expires_at = finish + time-to-live: " + ttl);
    }

    @Test
    void quietWorkerIsRetriedThenTheTaskFailsAndTheImportIsUndone() {
        TaskRecord task = importTask();
        task.status = TaskStatus.PROCESSING;
        task.attempt = 1;
        task.heartbeatAt = Instant.now().minusSeconds(60);
        String key = ObjectKeys.imageData(task.imageId, UUID.randomUUID());
        ImageLocationRecord partial = ImageLocationRecord.pending(task.imageId, "default", "glint-images", key, 0);
        tx.awaitTransaction(session -> session.persist(task).chain(() -> session.persist(partial)));

        await("a second attempt is handed out", () -> handOuts(task.id, 2) == 1);
        assertEquals(TaskStatus.PROCESSING, task(task.id).status);
        assertTrue(task(task.id).message.contains("attempt 2 of 2"), task(task.id).message);

        await("the task failed after the last attempt", () -> task(task.id).status == TaskStatus.FAILURE);
        TaskRecord failed = task(task.id);
        assertTrue(failed.message.contains("stopped reporting progress"), failed.message);
        assertFalse(failed.expiresAt == null);
        ImageRecord image = image(task.imageId);
        assertEquals(ImageStatus.QUEUED, image.status);
        assertNull(image.size);
        assertNull(image.properties.get(ImageImports.LOCK));
        assertEquals("default", image.properties.get(ImageImports.FAILED));
        assertEquals(LocationStatus.DELETED,
                tx.awaitRead(session -> session.find(ImageLocationRecord.class, partial.id)).status);
    }

    @Test
    void racingClaimsHandATaskOutOnce() {
        TaskRecord task = importTask();
        tx.awaitTransaction(session -> session.persist(task));
        // As two task-executor replicas would: both try to claim the same pending task at once.
        java.util.concurrent.CompletableFuture<Void> first = runner.claim(task.id).subscribeAsCompletionStage();
        java.util.concurrent.CompletableFuture<Void> second = runner.claim(task.id).subscribeAsCompletionStage();
        java.util.concurrent.CompletableFuture.allOf(first, second).join();
        await("the task is processing", () -> task(task.id).status == TaskStatus.PROCESSING);
        assertEquals(1, task(task.id).attempt);
        assertEquals(1, handOuts(task.id, 1));
    }

    @Test
    void taskOfAnUnknownTypeFails() {
        TaskRecord task = TaskRecord.pending("export", "test", UUID.randomUUID(), Map.of(), null, null);
        tx.awaitTransaction(session -> tasks.create(session, task));
        await("the task failed", () -> task(task.id).status == TaskStatus.FAILURE);
        assertTrue(task(task.id).message.contains("export"));
    }

    @Test
    void expiredTasksArePurged() {
        TaskRecord expired = TaskRecord.pending(TaskRecord.TYPE_IMPORT, "test", null, Map.of(), null, null);
        expired.status = TaskStatus.SUCCESS;
        expired.expiresAt = Instant.now().minusSeconds(1);
        TaskRecord live = TaskRecord.pending(TaskRecord.TYPE_IMPORT, "test", null, Map.of(), null, null);
        live.status = TaskStatus.SUCCESS;
        live.expiresAt = Instant.now().plusSeconds(3600);
        tx.awaitTransaction(session -> session.persist(expired).chain(() -> session.persist(live)));

        await("the expired task is purged", () -> task(expired.id) == null);
        assertEquals(TaskStatus.SUCCESS, task(live.id).status);
    }
}
