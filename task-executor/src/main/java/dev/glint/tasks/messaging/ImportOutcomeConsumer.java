package dev.glint.tasks.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImportWork;
import dev.glint.persistence.ProcessedEvents;
import dev.glint.persistence.Transactions;
import dev.glint.tasks.domain.TaskRunner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies each import outcome an import-worker reports, once (deduplicated by event id). */
@ApplicationScoped
public class ImportOutcomeConsumer {

    static final String CONSUMER = "task-executor";

    private final ObjectMapper json;
    private final TaskRunner runner;
    private final Transactions tx;
    private final ProcessedEvents processed;

    public ImportOutcomeConsumer(ObjectMapper json, TaskRunner runner, Transactions tx, ProcessedEvents processed) {
        this.json = json;
        this.runner = runner;
        this.tx = tx;
        this.processed = processed;
    }

    @Incoming("import-outcomes")
    public Uni<Void> onEvent(String payload) throws IOException {
        ImportWork work = json.readValue(payload, ImportWork.class);
        if (!work.is(ImportWork.FINISHED)) {
            return Uni.createFrom().voidItem();
        }
        return tx.inTransaction(session -> processed.claim(session, CONSUMER, work.eventId())
                .flatMap(first -> first ? runner.applyOutcome(session, work) : Uni.createFrom().voidItem()));
    }
}
