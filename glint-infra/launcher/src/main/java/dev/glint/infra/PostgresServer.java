package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL 17 (zonky binaries) on loopback, with database, user and password {@code glint}.
 *
 * <p>The child JVM starts PostgreSQL with {@code pg_ctl}, so the postmaster is not its descendant:
 * it is found through {@code postmaster.pid}, and the child exits when the postmaster dies, so a
 * supervisor sees a crashed PostgreSQL as an exited child.
 */
final class PostgresServer implements EmbeddedServer {

    static final String DATABASE = "glint";
    static final String USER = "glint";
    static final String PASSWORD = "glint";

    /** Printed by dev.glint.infra.postgres.PostgresNodeMain; that class cannot be loaded here. */
    private static final String READY_LINE = "GLINT POSTGRES READY";

    private final Path dataDir;
    private final int port;
    private final boolean durable;

    PostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
    }

    @Override
    public String name() {
        return "postgres";
    }

    String jdbcUrl() {
        return "jdbc:" + reactiveUrl();
    }

    String reactiveUrl() {
        return "postgresql://" + Probes.LOOPBACK + ":" + port + "/" + DATABASE;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port);
    }

    @Override
    public ChildProcess launch() {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            // PostgreSQL refuses to run as root; in a fresh user namespace we appear as "nobody".
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(ServerRuntime.javaCommand("postgres",
                JvmFootprint.withOptions(JvmFootprint.postgresWatcher(), "-Dorg.slf4j.simpleLogger.showDateTime=true"),
                "dev.glint.infra.postgres.PostgresNodeMain",
                List.of(String.valueOf(port), pgData().toString(), DATABASE, USER, PASSWORD,
                        durable ? "durable" : "fast")));
        return ChildProcess.start(name(), command, dataDir, dataDir.resolve("logs/postgres.log"), Map.of());
    }

    @Override
    public void awaitReady(ChildProcess child) {
        child.awaitReady("port " + port + " open and '" + READY_LINE + "' printed",
                () -> child.loggedSinceStart(READY_LINE) && healthy(),
                START_TIMEOUT);
    }

    @Override
    public boolean healthy() {
        return Probes.acceptsConnections(port);
    }

    @Override
    public Set<Long> processes(ChildProcess child) {
        Set<Long> pids = EmbeddedServer.super.processes(child);
        pids.addAll(leftovers());
        return pids;
    }

    @Override
    public long pid(ChildProcess child) {
        return postmaster().map(ProcessHandle::pid).orElse(child.pid());
    }

    /** PostgresNodeMain stops a postmaster left running on the data directory before it starts its own. */
    @Override
    public Set<Long> leftovers() {
        Set<Long> pids = new LinkedHashSet<>();
        postmaster().ifPresent(postmaster -> {
            pids.add(postmaster.pid());
            postmaster.descendants().forEach(process -> pids.add(process.pid()));
        });
        return pids;
    }

    /** A crash of PostgreSQL itself: the postmaster (its backends follow), then the child JVM. */
    @Override
    public void kill(ChildProcess child) {
        postmaster().ifPresent(ProcessHandle::destroyForcibly);
        child.kill();
    }

    private Path pgData() {
        return dataDir.resolve("postgres");
    }

    /** The running postmaster named by {@code postmaster.pid}, if any. */
    Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = pgData().resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
            return first.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive)
                            .filter(PostgresServer::isPostgres);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A stale pid file may name a pid the system gave to another program since. */
    private static boolean isPostgres(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).contains("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    static boolean runningAsRoot() {
        try {
            // /proc/self belongs to the effective uid of this process.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
