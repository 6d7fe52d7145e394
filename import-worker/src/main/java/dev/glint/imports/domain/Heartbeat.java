package dev.glint.imports.domain;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Reports a running copy's progress on a timer, whether or not data is flowing, so the
 * task-executor can tell a live worker from a dead one. When the report finds the attempt given up
 * on, it closes the copy's source, which stops the copy where it stands.
 */
final class Heartbeat implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "import-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledFuture<?> beat;
    private volatile boolean lost;

    Heartbeat(long intervalMillis, Supplier<String> message, Reporter reporter, Closeable source) {
        beat = TIMER.scheduleAtFixedRate(() -> {
            if (lost) {
                return;
            }
            try {
                reporter.report(message.get());
            } catch (LeaseLost e) {
                lost = true;
                closeQuietly(source);
            } catch (RuntimeException e) {
                // A database hiccup: the next beat tries again; a long outage looks like a dead worker.
                LOG.warnf("Could not record import progress: %s", e.getMessage());
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    interface Reporter {
        void report(String message);
    }

    boolean lost() {
        return lost;
    }

    private static void closeQuietly(Closeable source) {
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            // the copy fails on its next read either way
        }
    }

    @Override
    public void close() {
        beat.cancel(false);
    }
}
