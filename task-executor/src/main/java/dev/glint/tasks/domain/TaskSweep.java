package dev.glint.tasks.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The safety net under the event path, so no task stays pending or processing forever: claims
 * pending tasks whose event was missed, and recovers tasks whose worker went quiet.
 */
@ApplicationScoped
public class TaskSweep {

    private final TaskRunner runner;

    public TaskSweep(TaskRunner runner) {
        this.runner = runner;
    }

    @Scheduled(every = "${glint.tasks.sweep-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return runner.overduePending()
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(runner::claim)
                .collect().last()
                .chain(runner::stalled)
                .onItem().transformToMulti(tasks -> Multi.createFrom().iterable(tasks))
                .onItem().transformToUniAndConcatenate(runner::recover)
                .collect().last()
                .replaceWithVoid();
    }
}
