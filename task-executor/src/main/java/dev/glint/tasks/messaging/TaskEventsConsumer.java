package dev.glint.tasks.messaging;

import dev.glint.domain.TaskEventType;
import dev.glint.persistence.messaging.EventReader;
import dev.glint.persistence.messaging.PoisonMessages;
import dev.glint.tasks.domain.TaskRunner;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Claims each new task as soon as its {@code task.create} fact arrives. Claiming is a
 * compare-and-set, so a redelivered event, or another replica's claim, has no second effect.
 */
@ApplicationScoped
public class TaskEventsConsumer {

    private final TaskRunner runner;
    private final PoisonMessages poison;

    public TaskEventsConsumer(TaskRunner runner, PoisonMessages poison) {
        this.runner = runner;
        this.poison = poison;
    }

    @Incoming("task-events")
    public Uni<Void> onEvent(CloudEvent received) {
        return poison.handleAsync("task-events", received, this::claim);
    }

    private Uni<Void> claim(CloudEvent received) {
        if (!EventReader.is(received, TaskEventType.CREATE.wireName())) {
            return Uni.createFrom().voidItem();
        }
        // The subject is the task; the claim reads the task itself, so the data is not needed.
        return runner.claim(EventReader.subjectId(received));
    }
}
