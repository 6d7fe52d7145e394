package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./glint up}: the embedded infrastructure on fixed ports plus the five Glint services, until
 * SIGINT or SIGTERM.
 *
 * <pre>java -jar glint-infra-launcher.jar [--data-dir DIR] [--repo-root DIR] [--infra-only]</pre>
 *
 * <p>Pid files: {@code <dataDir>/glint.pid} for this process, {@code <dataDir>/pids/<service>.pid}
 * for each service. The servers exit by themselves when this process dies; the services are only
 * stopped by this process's shutdown hook, so after a SIGKILL {@code ./glint down} kills them by
 * their pid files.
 */
public final class GlintUp {

    record Service(String name, int port) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("image-api", 9292),
            new Service("upload-worker", 9301),
            new Service("import-worker", 9302),
            new Service("task-executor", 9303),
            new Service("scrubber", 9304));

    static final String UP_LINE = "Glint is up: ";

    /**
     * How long one service may take to become ready: 120 s, or {@code GLINT_UP_TIMEOUT} seconds
     * (the same variable ./glint waits on as a whole), for machines so loaded that a JVM's start
     * takes minutes.
     */
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(readyTimeoutSeconds());
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);

    private final Path dataDir;
    private final Path repoRoot;
    private final boolean infraOnly;
    private final Map<Service, ChildProcess> services = new LinkedHashMap<>();
    private EmbeddedInfrastructure infrastructure;
    private boolean stopping;

    private GlintUp(Path dataDir, Path repoRoot, boolean infraOnly) {
        this.dataDir = dataDir;
        this.repoRoot = repoRoot;
        this.infraOnly = infraOnly;
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(".glint-data");
        Path repoRoot = Path.of(".");
        boolean infraOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(valueOf(args, ++i, "--data-dir"));
                case "--repo-root" -> repoRoot = Path.of(valueOf(args, ++i, "--repo-root"));
                case "--infra-only" -> infraOnly = true;
                default -> {
                    System.err.println("usage: GlintUp [--data-dir DIR] [--repo-root DIR] [--infra-only]");
                    System.exit(2);
                }
            }
        }
        GlintUp glint = new GlintUp(dataDir.toAbsolutePath().normalize(),
                repoRoot.toAbsolutePath().normalize(), infraOnly);
        try {
            glint.run();
        } catch (RuntimeException e) {
            System.err.println("glint: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String valueOf(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private void run() {
        if (!infraOnly) {
            checkServiceJars();
        }
        PidFiles pidFiles = new PidFiles(dataDir);
        pidFiles.claimGlintPid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopEverything(pidFiles), "glint-down"));

        infrastructure = EmbeddedInfrastructure.start(InfrastructureOptions.local(dataDir));
        System.out.println("Infrastructure (data in " + dataDir + "):");
        infrastructure.environment().forEach((name, value) -> System.out.println("  " + name + "=" + value));

        if (!infraOnly) {
            startServices(pidFiles);
            System.out.println(UP_LINE + "http://127.0.0.1:" + SERVICES.get(0).port());
        } else {
            System.out.println(UP_LINE + "infrastructure only");
        }
        System.out.flush();
        watchServices();
    }

    private void checkServiceJars() {
        for (Service service : SERVICES) {
            if (!Files.isRegularFile(serviceJar(service))) {
                throw new InfrastructureException(serviceJar(service) + " is missing;"
                        + " build with: mvn -DskipTests install (from " + repoRoot + ")");
            }
        }
    }

    private Path serviceJar(Service service) {
        return repoRoot.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private void startServices(PidFiles pidFiles) {
        for (Service service : SERVICES) {
            List<String> command = new ArrayList<>(List.of(ServerRuntime.javaExecutable(), "-Xmx384m",
                    "-Dquarkus.http.port=" + service.port(), "-jar", serviceJar(service).toString()));
            synchronized (this) {
                if (stopping) {
                    throw new InfrastructureException("stopped while starting services");
                }
                ChildProcess child = ChildProcess.start(service.name(), command, repoRoot.resolve(service.name()),
                        dataDir.resolve("logs").resolve(service.name() + ".log"), infrastructure.environment());
                services.put(service, child);
                pidFiles.write(service.name(), child.pid());
            }
        }
        for (Map.Entry<Service, ChildProcess> entry : services.entrySet()) {
            String health = "http://127.0.0.1:" + entry.getKey().port() + "/q/health/ready";
            long begin = System.nanoTime();
            entry.getValue().awaitReady("HTTP 200 from " + health,
                    () -> Probes.httpStatus(health) == 200, SERVICE_READY_TIMEOUT);
            System.out.println(entry.getKey().name() + " ready on port " + entry.getKey().port()
                    + " (waited " + (System.nanoTime() - begin) / 1_000_000 + " ms)");
        }
    }

    /** Reports services that die, and otherwise waits for the shutdown hook. */
    private void watchServices() {
        List<Service> reported = new ArrayList<>();
        while (true) {
            synchronized (this) {
                for (Map.Entry<Service, ChildProcess> entry : services.entrySet()) {
                    if (!stopping && !entry.getValue().isAlive() && !reported.contains(entry.getKey())) {
                        reported.add(entry.getKey());
                        System.out.println("glint: " + entry.getKey().name() + " exited with code "
                                + entry.getValue().exitValue() + ", see " + entry.getValue().logFile());
                    }
                }
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stopEverything(PidFiles pidFiles) {
        List<ChildProcess> running;
        synchronized (this) {
            stopping = true;
            running = new ArrayList<>(services.values());
        }
        System.out.println("glint: stopping");
        running.forEach(ChildProcess::requestStop);
        long deadline = System.nanoTime() + SERVICE_STOP_GRACE.toNanos();
        running.forEach(child -> child.awaitStopped(Duration.ofNanos(deadline - System.nanoTime())));
        SERVICES.forEach(service -> pidFiles.delete(service.name()));
        if (infrastructure != null) {
            infrastructure.close();
        }
        pidFiles.releaseGlintPid();
        System.out.println("glint: stopped");
        System.out.flush();
    }

    /** {@code <dataDir>/glint.pid} and {@code <dataDir>/pids/<service>.pid}, read by ./glint down. */
    static final class PidFiles {

        private final Path dataDir;

        PidFiles(Path dataDir) {
            this.dataDir = dataDir;
        }

        void claimGlintPid() {
            Path file = dataDir.resolve("glint.pid");
            try {
                Files.createDirectories(dataDir.resolve("pids"));
                if (Files.exists(file)) {
                    long other = Long.parseLong(Files.readString(file).strip());
                    if (ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
                        throw new InfrastructureException("Glint already runs with pid " + other
                                + " on " + dataDir + "; stop it with ./glint down");
                    }
                }
                Files.writeString(file, ProcessHandle.current().pid() + "\n");
            } catch (IOException | NumberFormatException e) {
                throw new InfrastructureException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        void releaseGlintPid() {
            deleteQuietly(dataDir.resolve("glint.pid"));
        }

        void write(String service, long pid) {
            try {
                Files.writeString(dataDir.resolve("pids").resolve(service + ".pid"), pid + "\n");
            } catch (IOException e) {
                throw new InfrastructureException("cannot write pid file for " + service, e);
            }
        }

        void delete(String service) {
            deleteQuietly(dataDir.resolve("pids").resolve(service + ".pid"));
        }

        private static void deleteQuietly(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A stale pid file is checked for liveness before it is trusted.
            }
        }
    }

    private static long readyTimeoutSeconds() {
        String value = System.getenv("GLINT_UP_TIMEOUT");
        try {
            return value == null || value.isBlank() ? 120 : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GLINT_UP_TIMEOUT is a number of seconds, not '" + value + "'");
        }
    }
}
