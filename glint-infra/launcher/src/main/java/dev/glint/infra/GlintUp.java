package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./glint up}: the embedded infrastructure on the local ports plus the five Glint services,
 * supervised, until SIGINT or SIGTERM.
 *
 * <pre>java -jar glint-infra-launcher.jar [--data-dir DIR] [--repo-root DIR] [--port-offset N] [--infra-only]</pre>
 *
 * <p>Every port must be free before anything starts, and every process must turn out to be the one
 * listening on its port, or nothing is reported up. Afterwards a server or service that dies is
 * started again, with a growing wait between repeated crashes ({@link SupervisedProcess}); the
 * control socket ({@link ControlServer}) lets {@code ./glint status}, {@code restart}, {@code stop}
 * and {@code start} reach single ones.
 *
 * <p>Pid files: {@code <dataDir>/glint.pid} for this process, {@code <dataDir>/pids/<service>.pid}
 * for each service. The servers exit by themselves when this process dies; the services are only
 * stopped by this process's shutdown hook, so after a SIGKILL {@code ./glint down} kills them by
 * their pid files.
 */
public final class GlintUp {

    record Service(String name, int port) {
    }

    /** The services and their ports before the port offset. */
    static final List<Service> SERVICES = List.of(
            new Service("image-api", 9292),
            new Service("upload-worker", 9301),
            new Service("import-worker", 9302),
            new Service("task-executor", 9303),
            new Service("scrubber", 9304));

    static final String UP_LINE = "Glint is up: ";

    private final Path dataDir;
    private final Path repoRoot;
    private final int portOffset;
    private final boolean infraOnly;
    private final Supervisor supervisor = new Supervisor();
    private final SupervisorLog log = new SupervisorLog(System.out);
    private ControlServer control;
    private boolean stopping;

    private GlintUp(Path dataDir, Path repoRoot, int portOffset, boolean infraOnly) {
        this.dataDir = dataDir;
        this.repoRoot = repoRoot;
        this.portOffset = portOffset;
        this.infraOnly = infraOnly;
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(".glint-data");
        Path repoRoot = Path.of(".");
        int portOffset = 0;
        boolean infraOnly = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(valueOf(args, ++i, "--data-dir"));
                    case "--repo-root" -> repoRoot = Path.of(valueOf(args, ++i, "--repo-root"));
                    case "--port-offset" -> portOffset = portOffset(valueOf(args, ++i, "--port-offset"));
                    case "--infra-only" -> infraOnly = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("glint: " + e.getMessage());
            System.err.println("usage: GlintUp [--data-dir DIR] [--repo-root DIR] [--port-offset N] [--infra-only]");
            System.exit(2);
        }
        GlintUp glint = new GlintUp(dataDir.toAbsolutePath().normalize(),
                repoRoot.toAbsolutePath().normalize(), portOffset, infraOnly);
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

    /** Every port must stay a valid unprivileged port: the highest is 9393 + offset. */
    static int portOffset(String value) {
        int offset;
        try {
            offset = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port-offset must be a whole number, not " + value);
        }
        if (offset < 1024 - 9292 || offset > 65535 - 9393) {
            throw new IllegalArgumentException("--port-offset " + offset + " would move a port out of "
                    + "1024..65535; it must lie in " + (1024 - 9292) + ".." + (65535 - 9393));
        }
        return offset;
    }

    private void run() {
        List<GlintService> services = infraOnly ? List.of() : services();
        for (GlintService service : services) {
            if (!service.built()) {
                throw new InfrastructureException(service.jar() + " is missing;"
                        + " build with: mvn -DskipTests install (from " + repoRoot + ")");
            }
        }
        PidFiles pidFiles = new PidFiles(dataDir);
        pidFiles.claimGlintPid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopEverything(pidFiles), "glint-down"));

        ServerSet servers = new ServerSet(dataDir, InfrastructureOptions.local(dataDir, portOffset));
        servers.all().forEach(server -> supervisor.addServer(new SupervisedProcess(server, log, child -> { })));
        services = infraOnly ? List.of() : services(servers.details());
        for (GlintService service : services) {
            supervisor.addService(new SupervisedProcess(service, log,
                    child -> pidFiles.write(service.name(), child.pid())));
        }
        synchronized (this) {
            if (stopping) {
                throw new InfrastructureException("stopped while starting");
            }
        }
        createDataDirectories();
        supervisor.requirePortsFree();
        supervisor.startServers();
        System.out.println("Infrastructure (data in " + dataDir + ", durable: fsync and synchronous commit on):");
        servers.details().environment().forEach((name, value) -> System.out.println("  " + name + "=" + value));
        if (!infraOnly) {
            long begin = System.nanoTime();
            supervisor.startServices();
            for (Service service : SERVICES) {
                System.out.println(service.name() + " ready on port " + (service.port() + portOffset));
            }
            System.out.println("services ready in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        }
        control = ControlServer.start(dataDir, supervisor);
        supervisor.superviseAll();
        System.out.println(UP_LINE + (infraOnly ? "infrastructure only"
                : "http://127.0.0.1:" + (SERVICES.get(0).port() + portOffset)));
        System.out.flush();
        waitForShutdown();
    }

    /** The service list without the servers' addresses, to check the jars before anything starts. */
    private List<GlintService> services() {
        return services(null);
    }

    private List<GlintService> services(ConnectionDetails infrastructure) {
        List<GlintService> services = new ArrayList<>();
        for (Service service : SERVICES) {
            Map<String, String> environment = new LinkedHashMap<>(
                    infrastructure == null ? Map.of() : infrastructure.environment());
            if (service.name().equals("image-api")) {
                environment.putAll(imageCache(dataDir, System.getenv()));
            }
            services.add(new GlintService(service.name(), service.port() + portOffset, repoRoot,
                    dataDir.resolve("logs").resolve(service.name() + ".log"), environment));
        }
        return services;
    }

    /**
     * image-api's image cache, on in the data directory (docs/cache.md), unless the caller's
     * environment already says otherwise: the services inherit it, and these would override it.
     */
    static Map<String, String> imageCache(Path dataDir, Map<String, String> callerEnvironment) {
        Map<String, String> cache = new LinkedHashMap<>();
        cache.put("GLINT_CACHE_ENABLED", "true");
        cache.put("GLINT_CACHE_DIR", dataDir.resolve("image-cache").toString());
        cache.keySet().removeAll(callerEnvironment.keySet());
        return cache;
    }

    private void createDataDirectories() {
        try {
            Files.createDirectories(dataDir.resolve("logs"));
        } catch (IOException e) {
            throw new InfrastructureException("cannot create " + dataDir.resolve("logs"), e);
        }
    }

    /** The supervisor's threads do the work; this one only waits for the shutdown hook. */
    private static void waitForShutdown() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stopEverything(PidFiles pidFiles) {
        synchronized (this) {
            stopping = true;
        }
        System.out.println("glint: stopping");
        if (control != null) {
            control.close();
        }
        supervisor.stopAll();
        SERVICES.forEach(service -> pidFiles.delete(service.name()));
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
}
