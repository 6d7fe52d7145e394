package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PostgreSQL 17 (zonky binaries) on loopback, with database, user and password {@code glint}. */
final class PostgresServer implements EmbeddedServer {

    static final String DATABASE = "glint";
    static final String USER = "glint";
    static final String PASSWORD = "glint";

    /** Printed by dev.glint.infra.postgres.PostgresNodeMain; that class cannot be loaded here. */
    private static final String READY_LINE = "GLINT POSTGRES READY";

    private final Path dataDir;
    private final int port;

    PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
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
    public ChildProcess launch() {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            // PostgreSQL refuses to run as root; in a fresh user namespace we appear as "nobody".
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(ServerRuntime.javaCommand("postgres",
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true"),
                "dev.glint.infra.postgres.PostgresNodeMain",
                List.of(String.valueOf(port), dataDir.resolve("postgres").toString(), DATABASE, USER, PASSWORD)));
        return ChildProcess.start(name(), command, dataDir, dataDir.resolve("logs/postgres.log"), Map.of());
    }

    @Override
    public void awaitReady(ChildProcess child) {
        child.awaitReady("port " + port + " open and '" + READY_LINE + "' printed",
                () -> child.loggedSinceStart(READY_LINE) && Probes.acceptsConnections(port),
                START_TIMEOUT);
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
