package dev.glint.tasks.messaging;

import dev.glint.domain.ImportWork;
import dev.glint.persistence.ProcessedEvents;
import dev.glint.persistence.Transactions;
import dev.glint.persistence.messaging.EventReader;
import dev.glint.persistence.messaging.PoisonMessages;
import dev.glint.tasks.domain.TaskRunner;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies each import outcome an import-worker reports, once (deduplicated by event id). */
@ApplicationScoped
public class ImportOutcomeConsumer {

    static final String CONSUMER = "task-executor";

    private final EventReader events;
    private final TaskRunner runner;
    private final Transactions tx;
    private final ProcessedEvents processed;
    private final PoisonMessages poison;

    public ImportOutcomeConsumer(EventReader events, TaskRunner runner, Transactions tx, ProcessedEvents processed,
            PoisonMessages poison) {
        this.poison = poison;
        this.events = events;
        this.runner = runner;
        this.tx = tx;
        this.processed = processed;
    }

    @Incoming("import-outcomes")
    public Uni<Void> onEvent(CloudEvent received) {
        return poison.handleAsync("import-outcomes", received, this::apply);
    }

    private Uni<Void> apply(CloudEvent received) {
        if (!EventReader.is(received, ImportWork.FINISHED)) {
            return Uni.createFrom().voidItem();
        }
        ImportWork work = events.data(received, ImportWork.class);
        return tx.inTransaction(session -> processed.claim(session, CONSUMER, EventReader.id(received))
                .flatMap(first -> first ? runner.applyOutcome(session, work) : Uni.createFrom().voidItem()));
    }
}
