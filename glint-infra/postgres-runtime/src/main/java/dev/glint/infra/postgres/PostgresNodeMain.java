package dev.glint.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs PostgreSQL inside the child JVM started by the launcher (through {@code unshare -U} when
 * the launcher runs as root, because PostgreSQL refuses to run as root).
 *
 * <p>Arguments: {@code <port> <dataDir> <database> <user> <password> durable|fast}. {@code durable}
 * turns fsync and synchronous commit on (zonky passes {@code -F} and {@code synchronous_commit=off}
 * for speed, which is what the tests get with {@code fast}). Prints {@link #READY_LINE} once the
 * database and its owner exist; stops PostgreSQL when this JVM exits, and exits when PostgreSQL
 * does, so that whoever started this JVM sees a crash of the server as the end of this process.
 */
public final class PostgresNodeMain {

    public static final String READY_LINE = "GLINT POSTGRES READY";

    /** Our own directory rather than zonky's shared default, so repairing it cannot hurt others. */
    private static final Path BINARIES_DIR = Path.of(System.getProperty("java.io.tmpdir"), "glint-embedded-pg");
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(500);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Set when this JVM is shutting down and stops PostgreSQL itself: its end is then no crash. */
    private static volatile boolean stopping;

    private PostgresNodeMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 6 || !List.of("durable", "fast").contains(args[5])) {
            throw new IllegalArgumentException(
                    "usage: PostgresNodeMain <port> <dataDir> <database> <user> <password> durable|fast");
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        String database = args[2];
        String user = args[3];
        String password = args[4];
        boolean durable = args[5].equals("durable");

        Files.createDirectories(dataDir);
        stopOrphanedPostmaster(dataDir);
        EmbeddedPostgres postgres = startRepairingBinaries(port, dataDir, durable);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            stop(postgres);
        }, "postgres-stop"));

        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            ensureRole(connection, user, password);
            ensureDatabase(connection, database, user);
        }
        long postmaster = postmasterPid(dataDir).orElseThrow(
                () -> new IllegalStateException("PostgreSQL runs but " + dataDir + "/postmaster.pid names no live process"));
        System.out.println(READY_LINE + " on port " + port + " (postmaster pid " + postmaster + ", "
                + (durable ? "fsync and synchronous_commit on" : "fsync and synchronous_commit off, for tests") + ")");
        System.out.flush();
        while (stopping || ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(WATCH_INTERVAL.toMillis());
        }
        System.out.println("GLINT POSTGRES GONE: the postmaster (pid " + postmaster + ") exited");
        System.out.flush();
        // Nothing is left to stop: the shutdown hook's pg_ctl stop would only wait for a dead server.
        Runtime.getRuntime().halt(1);
    }

    /**
     * A postmaster whose JVM was killed keeps the data directory and the port, and this start would
     * fail on both: it is asked for a fast shutdown (SIGINT), then killed if it does not go.
     */
    private static void stopOrphanedPostmaster(Path dataDir) throws IOException, InterruptedException {
        Optional<Long> orphan = postmasterPid(dataDir);
        if (orphan.isEmpty()) {
            return;
        }
        System.err.println("stopping the PostgreSQL left running on " + dataDir + " (pid " + orphan.get() + ")");
        new ProcessBuilder("kill", "-INT", String.valueOf(orphan.get())).inheritIO().start().waitFor();
        ProcessHandle process = ProcessHandle.of(orphan.get()).orElse(null);
        long deadline = System.nanoTime() + ORPHAN_STOP_TIMEOUT.toNanos();
        while (process != null && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(WATCH_INTERVAL.toMillis());
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The live process named by {@code postmaster.pid}, if it is a PostgreSQL server. */
    private static Optional<Long> postmasterPid(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(first);
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && Files.readString(Path.of("/proc", first, "cmdline")).contains("postgres")
                    ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static EmbeddedPostgres startRepairingBinaries(int port, Path dataDir, boolean durable) throws Throwable {
        try {
            return start(port, dataDir, durable);
        } catch (Throwable firstAttempt) {
            // An extraction that was killed half-way makes every later extraction fail.
            if (!PartialExtraction.removeFrom(BINARIES_DIR)) {
                throw firstAttempt;
            }
            System.err.println("removed a partial PostgreSQL extraction after: " + firstAttempt);
            return start(port, dataDir, durable);
        }
    }

    private static EmbeddedPostgres start(int port, Path dataDir, boolean durable) throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(BINARIES_DIR.toFile())
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                // Our own hook below stops the server; zonky's would race with it.
                .setRegisterShutdownHook(false);
        if (durable) {
            // Zonky starts the server with "-F" (fsync off) before the -c settings; the later
            // setting wins. Without fsync a crash of the machine can corrupt the database, and
            // without synchronous commit a crash of PostgreSQL can lose commits whose events the
            // outbox relay already published.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        return builder.start();
    }

    private static void ensureRole(Connection connection, String user, String password) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + quoteIdentifier(user)
                        + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            }
        }
    }

    private static void ensureDatabase(Connection connection, String database, String owner) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + quoteIdentifier(database)
                        + " OWNER " + quoteIdentifier(owner));
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (Exception e) {
            System.err.println("stopping PostgreSQL failed: " + e);
        }
    }
}
