package dev.glint.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Runs PostgreSQL inside the child JVM started by the launcher (through {@code unshare -U} when
 * the launcher runs as root, because PostgreSQL refuses to run as root).
 *
 * <p>Arguments: {@code <port> <dataDir> <database> <user> <password>}. Prints {@link #READY_LINE}
 * once the database and its owner exist; stops PostgreSQL when this JVM exits.
 */
public final class PostgresNodeMain {

    public static final String READY_LINE = "GLINT POSTGRES READY";

    /** Our own directory rather than zonky's shared default, so repairing it cannot hurt others. */
    private static final Path BINARIES_DIR = Path.of(System.getProperty("java.io.tmpdir"), "glint-embedded-pg");

    private PostgresNodeMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: PostgresNodeMain <port> <dataDir> <database> <user> <password>");
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        String database = args[2];
        String user = args[3];
        String password = args[4];

        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = startRepairingBinaries(port, dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres), "postgres-stop"));

        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            ensureRole(connection, user, password);
            ensureDatabase(connection, database, user);
        }
        System.out.println(READY_LINE + " on port " + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static EmbeddedPostgres startRepairingBinaries(int port, Path dataDir) throws Throwable {
        try {
            return start(port, dataDir);
        } catch (Throwable firstAttempt) {
            // An extraction that was killed half-way makes every later extraction fail.
            if (!PartialExtraction.removeFrom(BINARIES_DIR)) {
                throw firstAttempt;
            }
            System.err.println("removed a partial PostgreSQL extraction after: " + firstAttempt);
            return start(port, dataDir);
        }
    }

    private static EmbeddedPostgres start(int port, Path dataDir) throws Exception {
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(BINARIES_DIR.toFile())
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                // Our own hook below stops the server; zonky's would race with it.
                .setRegisterShutdownHook(false)
                .start();
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
