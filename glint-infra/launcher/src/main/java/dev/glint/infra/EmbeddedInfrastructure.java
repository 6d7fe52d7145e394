package dev.glint.infra;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real Kafka, PostgreSQL and S3 servers in child JVMs on loopback, without Docker. The three start
 * in parallel; {@link #close()} stops them and deletes a temporary data directory. Unless the
 * options ask for durability, they leave writes to the page cache ({@link InfrastructureOptions}),
 * which is what tests want: faster, and only a crash of the machine itself could lose data.
 *
 * <p>Data directory layout: {@code kafka/}, {@code postgres/}, {@code s3/} hold the data,
 * {@code config/} the generated server configuration, {@code logs/<server>.log} each child's output.
 */
public final class EmbeddedInfrastructure implements StartedInfrastructure {

    private static final System.Logger LOG = System.getLogger(EmbeddedInfrastructure.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ConnectionDetails details;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final List<ChildProcess> children;
    private boolean closed;

    private EmbeddedInfrastructure(ConnectionDetails details, Path dataDir, boolean deleteDataDirOnClose,
                                   List<ChildProcess> children) {
        this.details = details;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.children = children;
    }

    /** Free ports and a temporary data directory. */
    public static EmbeddedInfrastructure start() {
        return start(InfrastructureOptions.defaults());
    }

    public static EmbeddedInfrastructure start(InfrastructureOptions options) {
        long startNanos = System.nanoTime();
        LOG.log(Level.INFO, "Using embedded infrastructure (no Docker engine)");
        boolean temporary = options.dataDir() == null;
        Path dataDir = WorkDirectories.create(options.dataDir(), "glint-infra-");

        ServerSet servers = new ServerSet(dataDir, options);
        List<ChildProcess> children = new ArrayList<>();
        try {
            startAll(servers.all(), children);
        } catch (RuntimeException e) {
            stopAll(children);
            if (temporary) {
                WorkDirectories.deleteRecursively(dataDir);
            }
            throw e;
        }
        ConnectionDetails details = servers.details();
        LOG.log(Level.INFO, "Embedded infrastructure ready in {0} ms (data in {1}): {2}",
                (System.nanoTime() - startNanos) / 1_000_000, dataDir, details.quarkusConfig());
        return new EmbeddedInfrastructure(details, dataDir, temporary, children);
    }

    /**
     * Launches every server, then waits for all of them. The first failure stops every child at
     * once, so the others' waits end early instead of running into their timeouts.
     */
    private static void startAll(List<EmbeddedServer> servers, List<ChildProcess> children) {
        ExecutorService executor = Executors.newFixedThreadPool(servers.size(), runnable -> {
            Thread thread = new Thread(runnable, "glint-infra-start");
            thread.setDaemon(true);
            return thread;
        });
        // The children stopped because of the first failure fail too; only the first is the cause.
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (EmbeddedServer server : servers) {
                starts.add(CompletableFuture.runAsync(() -> startOne(server, children), executor)
                        .whenComplete((ignored, failure) -> {
                            if (failure != null && firstFailure.compareAndSet(null, unwrap(failure))) {
                                synchronized (children) {
                                    children.forEach(ChildProcess::requestStop);
                                }
                            }
                        }));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = firstFailure.get() != null ? firstFailure.get() : unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new InfrastructureException("starting the embedded servers failed: " + cause, cause);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void startOne(EmbeddedServer server, List<ChildProcess> children) {
        long begin = System.nanoTime();
        ChildProcess child = server.launch();
        synchronized (children) {
            children.add(child);
        }
        server.awaitReady(child);
        LOG.log(Level.INFO, "{0} ready in {1} ms (pid {2}, log {3})", server.name(),
                (System.nanoTime() - begin) / 1_000_000, String.valueOf(child.pid()), child.logFile());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A view of the connection details whose close() does nothing. */
    @Override
    public ConnectionDetails connectionDetails() {
        return details;
    }

    /**
     * Stops the children (SIGTERM, then SIGKILL after 30 s). Uses no lambdas or classes not loaded
     * yet, because it may run in a shutdown hook after a test framework closed our class loader.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(children);
        if (deleteDataDirOnClose) {
            WorkDirectories.deleteRecursively(dataDir);
        }
    }

    private static void stopAll(List<ChildProcess> children) {
        synchronized (children) {
            for (ChildProcess child : children) {
                child.requestStop();
            }
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (ChildProcess child : children) {
                child.awaitStopped(Duration.ofNanos(deadline - System.nanoTime()));
            }
        }
    }
}
