package dev.glint.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One of the five Glint services, run from its packaged Quarkus application on its own port. */
final class GlintService implements Supervised {

    /** Generous: five JVMs start at once, and on a busy machine one may take minutes. */
    /**
     * How long a service may take to become ready: 300 s, or {@code GLINT_UP_TIMEOUT} seconds (the
     * variable ./glint waits on as a whole), for machines so loaded that a JVM's start takes minutes.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(readyTimeoutSeconds());

    private final String name;
    private final int port;
    private final Path repoRoot;
    private final Path logFile;
    private final Map<String, String> environment;

    GlintService(String name, int port, Path repoRoot, Path logFile, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.repoRoot = repoRoot;
        this.logFile = logFile;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port);
    }

    Path jar() {
        return repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    boolean built() {
        return Files.isRegularFile(jar());
    }

    @Override
    public ChildProcess launch() {
        List<String> command = new ArrayList<>();
        command.add(ServerRuntime.javaExecutable());
        command.addAll(JvmFootprint.service(name));
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", jar().toString()));
        return ChildProcess.start(name, command, repoRoot.resolve(name), logFile, environment);
    }

    /** Ready: its database, Kafka and S3 connections are (what {@code ./glint up} waits for). */
    @Override
    public void awaitReady(ChildProcess child) {
        child.awaitReady("HTTP 200 from " + url("/q/health/ready"), this::healthy, READY_TIMEOUT);
    }

    /**
     * Started again: it answers HTTP on its port. Its readiness may wait for a server that is down
     * (a restarted image-api during a Kafka outage), and waiting for it would only delay the restart.
     */
    @Override
    public void awaitStarted(ChildProcess child) {
        child.awaitReady("an HTTP answer from " + url("/q/health/live"),
                () -> Probes.httpStatus(url("/q/health/live")) > 0, READY_TIMEOUT);
    }

    @Override
    public boolean healthy() {
        return Probes.httpStatus(url("/q/health/ready")) == 200;
    }

    private String url(String path) {
        return "http://" + Probes.LOOPBACK + ":" + port + path;
    }

    private static long readyTimeoutSeconds() {
        String value = System.getenv("GLINT_UP_TIMEOUT");
        try {
            return value == null || value.isBlank() ? 300 : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GLINT_UP_TIMEOUT is a number of seconds, not '" + value + "'");
        }
    }
}
