package dev.glint.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.TaskField;
import dev.glint.domain.TaskStatus;
import dev.glint.domain.TaskTransition;
import dev.glint.domain.Topics;
import dev.glint.infra.GlintInfraTestResource;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Named task transitions: compare-and-set on status and attempt, stamps, and their events. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class TaskLifecycleTest {

    @Inject
    Transactions tx;
    @Inject
    TaskLifecycle tasks;

    private TaskRecord task(UUID id) {
        return tx.awaitRead(session -> session.find(TaskRecord.class, id));
    }

    @Test
    void onlyTheCurrentAttemptMovesATask() {
        TaskRecord created = TaskRecord.pending(TaskRecord.TYPE_API_IMAGE_IMPORT, "test", null, Map.of(), null, null);
        tx.awaitTransaction(session -> tasks.create(session, created));
        UUID id = created.id;
        tx.awaitTransaction(session -> tasks.move(session, TaskChange.of(TaskTransition.CLAIM, id, TaskStatus.PENDING)
                .set(TaskField.ATTEMPT, 1))).orElseThrow();
        assertNotNull(task(id).heartbeatAt, "a claim starts the heartbeat");
        tx.awaitTransaction(session -> tasks.move(session, TaskChange.of(TaskTransition.HAND_OUT_AGAIN, id,
                TaskStatus.PROCESSING).onlyForAttempt(1).set(TaskField.ATTEMPT, 2))).orElseThrow();

        assertFalse((boolean) tx.<Boolean>awaitTransaction(session -> tasks.progress(session, id, 1, "late")), "attempt 1 was given up on");
        assertTrue((boolean) tx.<Boolean>awaitTransaction(session -> tasks.progress(session, id, 2, "copying")));
        assertTrue(tx.awaitTransaction(session -> tasks.move(session, TaskChange.of(TaskTransition.SUCCEED, id,
                TaskStatus.PROCESSING).onlyForAttempt(1))).isEmpty(), "an outcome of the old attempt is ignored");
        tx.awaitTransaction(session -> tasks.move(session, TaskChange.of(TaskTransition.SUCCEED, id,
                TaskStatus.PROCESSING).onlyForAttempt(2).set(TaskField.MESSAGE, "done"))).orElseThrow();
        assertEquals(TaskStatus.SUCCESS, task(id).status);
        assertEquals("done", task(id).message);

        List<String> types = tx.awaitRead(session -> session.createSelectionQuery(
                        "select eventType from OutboxRecord where messageKey = :id order by seq", String.class)
                .setParameter("id", id.toString())
                .getResultList());
        assertEquals(List.of("task.create", "task.processing", "task.run", "task.success"), types);

        List<CloudEvent> published = PublishedEvents.read(Topics.TASK_EVENTS, id.toString(), 4);
        PublishedEvents.assertContract(Topics.TASK_EVENTS, id.toString(), published);
    }
}
