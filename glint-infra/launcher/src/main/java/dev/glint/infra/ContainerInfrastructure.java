package dev.glint.infra;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL, Kafka and an S3 server in containers, started with Testcontainers by a child JVM
 * ({@code dev.glint.infra.containers.ContainersNodeMain}, glint-infra/containers-runtime). The child
 * has a classpath of its own, as the embedded servers do, because the Quarkus BOM that the
 * services' tests import pins an older Testcontainers. {@link #close()} stops the child, whose
 * shutdown hook stops and removes the containers; so does the end of this JVM, even by SIGKILL.
 *
 * <p>Testcontainers finds the engine as usual: {@code DOCKER_HOST}, ~/.testcontainers.properties,
 * the default socket. The child inherits this JVM's environment.
 */
final class ContainerInfrastructure implements StartedInfrastructure {

    private static final System.Logger LOG = System.getLogger(ContainerInfrastructure.class.getName());

    /** ContainersNodeMain.NO_ENGINE; that class cannot be loaded here. */
    private static final int NO_ENGINE = 3;
    /** Pulling three images on a slow link, or starting them on 2 busy cores, takes minutes. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(600);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final ConnectionDetails details;
    private final ChildProcess child;
    private final Path workDir;
    private boolean closed;

    private ContainerInfrastructure(ConnectionDetails details, ChildProcess child, Path workDir) {
        this.details = details;
        this.child = child;
        this.workDir = workDir;
    }

    static ContainerInfrastructure start(ContainerImages images) {
        return start(images, Map.of());
    }

    /** {@code childEnvironment} is added to the environment the child inherits. */
    static ContainerInfrastructure start(ContainerImages images, Map<String, String> childEnvironment) {
        long begin = System.nanoTime();
        LOG.log(Level.INFO, "Using infrastructure in containers (Testcontainers): {0}", images);
        Path workDir = WorkDirectories.create(null, "glint-containers-");
        Path detailsFile = workDir.resolve("connection.properties");
        List<String> command = ServerRuntime.javaCommand("containers",
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.showDateTime=true"),
                "dev.glint.infra.containers.ContainersNodeMain",
                List.of(detailsFile.toString(), images.postgres(), images.kafka(), images.s3()));
        ChildProcess child = ChildProcess.start("containers", command, workDir,
                workDir.resolve("logs/containers.log"), childEnvironment);
        try {
            child.awaitReady("the containers started", () -> Files.exists(detailsFile), START_TIMEOUT);
        } catch (InfrastructureException e) {
            child.stop(STOP_GRACE);
            // The message holds the tail of the child's log.
            WorkDirectories.deleteRecursively(workDir);
            if (!child.isAlive() && child.exitValue() == NO_ENGINE) {
                throw new InfrastructureException(InfrastructureChoice.SETTING.describe()
                        + " is testcontainers, but no container engine answers (Testcontainers looks at"
                        + " DOCKER_HOST, ~/.testcontainers.properties and /var/run/docker.sock; with podman,"
                        + " run scripts/test-images.sh, or unset it for the embedded servers). " + e.getMessage(), e);
            }
            throw new InfrastructureException("the containers did not start: " + e.getMessage(), e);
        }
        ConnectionDetails details = ConnectionDetails.fromQuarkusConfig(read(detailsFile));
        LOG.log(Level.INFO, "Infrastructure in containers ready in {0} ms (log {1}): {2}",
                (System.nanoTime() - begin) / 1_000_000, child.logFile(), details.quarkusConfig());
        return new ContainerInfrastructure(details, child, workDir);
    }

    /** The child writes its connection details as a properties file, the form this JVM hands on. */
    private static Map<String, String> read(Path file) {
        try {
            return SharedInfrastructure.decode(Files.readString(file));
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file, e);
        }
    }

    @Override
    public ConnectionDetails connectionDetails() {
        return details;
    }

    /**
     * Stops the child, which removes the containers, and deletes the work directory (the child's
     * log).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        child.stop(STOP_GRACE);
        WorkDirectories.deleteRecursively(workDir);
    }
}
