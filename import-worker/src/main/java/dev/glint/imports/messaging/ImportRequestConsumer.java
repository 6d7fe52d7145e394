package dev.glint.imports.messaging;

import dev.glint.domain.ImportWork;
import dev.glint.imports.domain.ImportExecutor;
import dev.glint.persistence.messaging.EventReader;
import dev.glint.persistence.messaging.PoisonMessages;
import io.cloudevents.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes each import hand-out off Kafka and queues it on this worker. The record is acknowledged
 * at once: an import can run for many minutes, longer than a consumer may sit on a record, and a
 * hand-out lost with a dying worker is handed out again by the task-executor when the task's
 * progress stops.
 */
@ApplicationScoped
public class ImportRequestConsumer {

    private final EventReader events;
    private final ImportExecutor executor;
    private final PoisonMessages poison;

    public ImportRequestConsumer(EventReader events, ImportExecutor executor, PoisonMessages poison) {
        this.poison = poison;
        this.events = events;
        this.executor = executor;
    }

    @Incoming("import-requests")
    public void onEvent(CloudEvent received) {
        poison.handle("import-requests", received, this::submit);
    }

    private void submit(CloudEvent received) {
        if (EventReader.is(received, ImportWork.REQUESTED)) {
            executor.submit(EventReader.id(received), events.data(received, ImportWork.class));
        }
    }
}
