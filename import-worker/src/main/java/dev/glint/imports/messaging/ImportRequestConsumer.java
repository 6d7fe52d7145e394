package dev.glint.imports.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImportWork;
import dev.glint.imports.domain.ImportExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes each import hand-out off Kafka and queues it on this worker. The record is acknowledged
 * at once: an import can run for many minutes, longer than a consumer may sit on a record, and a
 * hand-out lost with a dying worker is handed out again by the task-executor when the task's
 * progress stops.
 */
@ApplicationScoped
public class ImportRequestConsumer {

    private final ObjectMapper json;
    private final ImportExecutor executor;

    public ImportRequestConsumer(ObjectMapper json, ImportExecutor executor) {
        this.json = json;
        this.executor = executor;
    }

    @Incoming("import-requests")
    public void onEvent(String payload) throws IOException {
        ImportWork work = json.readValue(payload, ImportWork.class);
        if (work.is(ImportWork.REQUESTED)) {
            executor.submit(work);
        }
    }
}
