package dev.glint.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Everything {@code ./glint up} runs, servers before services: started together, then each one
 * watched and started again when it dies ({@link SupervisedProcess}), as a kubelet would.
 */
final class Supervisor {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final List<SupervisedProcess> servers = new ArrayList<>();
    private final List<SupervisedProcess> services = new ArrayList<>();

    void addServer(SupervisedProcess server) {
        servers.add(server);
    }

    void addService(SupervisedProcess service) {
        services.add(service);
    }

    /** Before anything starts: every port must be free, or {@code ./glint up} fails at once, naming who holds it. */
    void requirePortsFree() {
        all().forEach(SupervisedProcess::requirePortsFree);
    }

    /** The first start of the servers, in parallel; throws (having stopped them) unless all are ready. */
    void startServers() {
        startTogether(servers);
    }

    void startServices() {
        startTogether(services);
    }

    /** From now on every death is followed by a restart. */
    void superviseAll() {
        all().forEach(SupervisedProcess::supervise);
    }

    Optional<SupervisedProcess> find(String name) {
        return all().filter(process -> process.name().equals(name)).findFirst();
    }

    List<String> names() {
        return all().map(SupervisedProcess::name).toList();
    }

    /** No restarts any more; the services stop first (they flush their work to the servers), then the servers. */
    void stopAll() {
        all().forEach(SupervisedProcess::shutdown);
        stopGroup(services);
        stopGroup(servers);
    }

    /** One line per server and service, with a probe of each (in parallel, so it takes one probe's time). */
    List<String> statusTable() {
        List<Row> rows = rows();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-14s %-9s %-8s %-8s %-12s %-9s %s", "NAME", "STATE", "HEALTHY", "PID", "PORT",
                "RESTARTS", "SINCE"));
        for (Row row : rows) {
            SupervisedProcess.Status status = row.status();
            String since = status.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " ("
                    + Duration.between(status.since(), Instant.now()).toSeconds() + " s)";
            lines.add(String.format("%-14s %-9s %-8s %-8s %-12s %-9d %s%s", status.name(),
                    status.state().name().toLowerCase(Locale.ROOT), row.healthy() ? "yes" : "no",
                    status.pid() == null ? "-" : status.pid(), ports(status), status.restarts(), since,
                    status.lastProblem() == null ? "" : "  last: " + status.lastProblem()));
        }
        return lines;
    }

    /** The same as JSON, for scripts (the fault-injection driver). */
    String statusJson() {
        StringBuilder json = new StringBuilder("[");
        for (Row row : rows()) {
            SupervisedProcess.Status status = row.status();
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"name\":").append(quote(status.name()))
                    .append(",\"state\":").append(quote(status.state().name().toLowerCase(Locale.ROOT)))
                    .append(",\"healthy\":").append(row.healthy())
                    .append(",\"pid\":").append(status.pid() == null ? "null" : status.pid())
                    .append(",\"ports\":").append(status.ports())
                    .append(",\"restarts\":").append(status.restarts())
                    .append(",\"since\":").append(quote(status.since().toString()))
                    .append(",\"lastExitCode\":").append(status.lastExitCode())
                    .append(",\"lastProblem\":").append(status.lastProblem() == null ? "null" : quote(status.lastProblem()))
                    .append('}');
        }
        return json.append(']').toString();
    }

    private record Row(SupervisedProcess.Status status, boolean healthy) {
    }

    private List<Row> rows() {
        List<CompletableFuture<Row>> probes = all().map(process -> CompletableFuture.supplyAsync(() -> {
            SupervisedProcess.Status status = process.status();
            return new Row(status, status.alive() && process.unit().healthy());
        })).toList();
        return probes.stream().map(CompletableFuture::join).toList();
    }

    private Stream<SupervisedProcess> all() {
        return Stream.concat(servers.stream(), services.stream());
    }

    private static String ports(SupervisedProcess.Status status) {
        return String.join(",", status.ports().stream().map(String::valueOf).toList());
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /**
     * Launches all, then waits for each in parallel. The first failure stops every one at once, so
     * the others' waits end early instead of running into their timeouts.
     */
    private static void startTogether(List<SupervisedProcess> group) {
        // The processes stopped because of the first failure fail too; only the first is the cause.
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        try {
            for (SupervisedProcess process : group) {
                process.launchFirst();
            }
            List<CompletableFuture<Void>> waits = new ArrayList<>();
            for (SupervisedProcess process : group) {
                waits.add(CompletableFuture.runAsync(process::awaitFirstReady).whenComplete((ignored, failure) -> {
                    if (failure != null && firstFailure.compareAndSet(null, unwrap(failure))) {
                        group.forEach(SupervisedProcess::requestStop);
                    }
                }));
            }
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            stopGroup(group);
            Throwable cause = firstFailure.get() != null ? firstFailure.get() : unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                    : new InfrastructureException("starting failed: " + cause, cause);
        } catch (RuntimeException e) {
            stopGroup(group);
            throw e;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void stopGroup(List<SupervisedProcess> group) {
        group.forEach(SupervisedProcess::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        group.forEach(process -> process.awaitStopped(Duration.ofNanos(deadline - System.nanoTime())));
    }
}
