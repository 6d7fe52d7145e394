package dev.glint.imports.domain;

import dev.glint.imports.config.ImportConfig;

import dev.glint.domain.ImportWork;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** The threads imports run on: {@code glint.import.concurrency} at once, the rest queued. */
@ApplicationScoped
public class ImportExecutor {

    private static final Logger LOG = Logger.getLogger(ImportExecutor.class);

    private final ExecutorService threads;
    private final ImportJob job;

    public ImportExecutor(ImportConfig config, ImportJob job) {
        this.job = job;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "import-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the hand-out {@code work}, delivered as event {@code eventId}, on an import thread. */
    public void submit(UUID eventId, ImportWork work) {
        threads.submit(() -> {
            try {
                job.run(eventId, work);
            } catch (RuntimeException | Error e) {
                // The task-executor sees the progress stop and hands the task out again.
                LOG.errorf(e, "Import of task %s (image %s) stopped unexpectedly", work.taskId(), work.imageId());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        threads.shutdownNow();
    }
}
