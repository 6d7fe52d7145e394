package dev.glint.reliability.workload;

import dev.glint.reliability.api.GlanceApi;
import dev.glint.reliability.content.ContentServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The mixed workload: {@code clients} threads, each a {@link WorkloadClient}, until the deadline. */
public final class Workload {

    private final GlanceApi api;
    private final ContentServer source;
    private final WorkloadOptions options;
    private final long seed;
    private final Ledger ledger = new Ledger();
    private final List<String> mismatches = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Instant deadline;

    public Workload(GlanceApi api, ContentServer source, WorkloadOptions options, long seed) {
        this.api = api;
        this.source = source;
        this.options = options;
        this.seed = seed;
    }

    public void start() {
        deadline = Instant.now().plus(options.duration());
        for (int i = 0; i < options.clients(); i++) {
            Thread thread = new Thread(new WorkloadClient(i, api, ledger, source, options, deadline, seed + i, mismatches),
                    "client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    public Instant deadline() {
        return deadline;
    }

    /**
     * Waits for every client to finish the operation it is in (no new one starts after the deadline);
     * true when all did within {@code grace}.
     */
    public boolean awaitFinished(Duration grace) throws InterruptedException {
        Instant until = Instant.now().plus(grace);
        for (Thread thread : threads) {
            long left = Duration.between(Instant.now(), until).toMillis();
            if (left > 0) {
                thread.join(left);
            }
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Downloads during the run whose bytes differed from what was uploaded. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }
}
