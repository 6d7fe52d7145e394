package dev.glint.tasks.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.TaskEvent;
import dev.glint.domain.TaskEventType;
import dev.glint.tasks.domain.TaskRunner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Claims each new task as soon as its {@code task.create} fact arrives. Claiming is a
 * compare-and-set, so a redelivered event, or another replica's claim, has no second effect.
 */
@ApplicationScoped
public class TaskEventsConsumer {

    private final ObjectMapper json;
    private final TaskRunner runner;

    public TaskEventsConsumer(ObjectMapper json, TaskRunner runner) {
        this.json = json;
        this.runner = runner;
    }

    @Incoming("task-events")
    public Uni<Void> onEvent(String payload) throws IOException {
        TaskEvent event = json.readValue(payload, TaskEvent.class);
        if (!TaskEventType.CREATE.wireName().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        return runner.claim(event.taskId());
    }
}
