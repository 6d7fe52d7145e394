package dev.glint.infra.containers;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs PostgreSQL, Kafka and an S3 server in containers with Testcontainers, inside the child JVM
 * the launcher starts ({@code dev.glint.infra.ContainerInfrastructure}), and writes how to reach
 * them to a properties file. The containers are stopped and removed by this JVM's shutdown hook,
 * which runs when the launcher stops the child or dies (ChildMain exits on end of stdin), so the
 * tests clean up after themselves without Ryuk.
 *
 * <p>Arguments: {@code <details file> <postgres image> <kafka image> <s3 image>}. Exit code
 * {@value #NO_ENGINE} means that no container engine answered.
 */
public final class ContainersNodeMain {

    /** Read by the launcher, which says so in its own words. */
    static final int NO_ENGINE = 3;

    static final String DB_NAME = "glint";
    static final String DB_USER = "glint";
    static final String DB_PASSWORD = "glint";
    static final String S3_ACCESS_KEY = "glint";
    static final String S3_SECRET_KEY = "glint-secret-key";
    private static final int S3_PORT = 9000;

    /** Generous: a machine of 2 busy cores starts a JVM in a container slowly. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private ContainersNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: ContainersNodeMain <details file> <postgres image> <kafka image> <s3 image>");
        }
        Path detailsFile = Path.of(args[0]);
        if (!engineAnswers()) {
            System.exit(NO_ENGINE);
        }
        PostgreSQLContainer postgres = new PostgreSQLContainer(substituteFor(args[1], "postgres"))
                .withDatabaseName(DB_NAME)
                .withUsername(DB_USER)
                .withPassword(DB_PASSWORD)
                // The module waits for "ready to accept connections" twice, once for the official
                // image's temporary init server; the TCP port opens only with the final server, in
                // the official image and in its substitute (deploy/images/postgres) alike.
                .waitingFor(Wait.forListeningPort().withStartupTimeout(START_TIMEOUT));
        KafkaContainer kafka = new KafkaContainer(substituteFor(args[2], "apache/kafka"));
        kafka.withStartupTimeout(START_TIMEOUT);
        // MinIO's contract (its command line, variables and port), which deploy/images/s3proxy also
        // takes; Testcontainers' MinIO module is not available here. Any HTTP answer, even 403 to
        // an unsigned request, means the server is serving.
        GenericContainer<?> s3 = new GenericContainer<>(DockerImageName.parse(args[3]))
                .withEnv("MINIO_ROOT_USER", S3_ACCESS_KEY)
                .withEnv("MINIO_ROOT_PASSWORD", S3_SECRET_KEY)
                .withCommand("server", "/data")
                .withExposedPorts(S3_PORT)
                .waitingFor(Wait.forHttp("/").forPort(S3_PORT).forStatusCodeMatching(status -> status > 0)
                        .withStartupTimeout(START_TIMEOUT));

        List<GenericContainer<?>> containers = List.of(postgres, kafka, s3);
        // Registered before the start, so that a start that fails half way leaves nothing behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> containers.forEach(Startable::stop),
                "glint-containers-stop"));
        long begin = System.nanoTime();
        Startables.deepStart(containers).join();
        System.out.println("glint: containers started in " + (System.nanoTime() - begin) / 1_000_000 + " ms");

        String host = loopbackAsAddress(postgres.getHost());
        int postgresPort = postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        Properties details = new Properties();
        details.setProperty("kafka.bootstrap.servers", kafka.getBootstrapServers());
        details.setProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + ":" + postgresPort + "/" + DB_NAME);
        details.setProperty("quarkus.datasource.reactive.url", "postgresql://" + host + ":" + postgresPort + "/" + DB_NAME);
        details.setProperty("quarkus.datasource.username", DB_USER);
        details.setProperty("quarkus.datasource.password", DB_PASSWORD);
        details.setProperty("glint.storage.endpoint",
                "http://" + loopbackAsAddress(s3.getHost()) + ":" + s3.getMappedPort(S3_PORT));
        details.setProperty("glint.storage.access-key", S3_ACCESS_KEY);
        details.setProperty("glint.storage.secret-key", S3_SECRET_KEY);
        writeAtomically(detailsFile, details);

        // Serve until the launcher stops this JVM.
        Thread.currentThread().join();
    }

    /**
     * 127.0.0.1 for "localhost" (Testcontainers' host for an engine on a Unix socket): the same URLs
     * as the embedded servers, and never ::1, where an engine may publish no port.
     */
    private static String loopbackAsAddress(String host) {
        return "localhost".equals(host) ? "127.0.0.1" : host;
    }

    private static boolean engineAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            System.out.println("glint: no container engine: " + e);
            return false;
        }
    }

    /**
     * The image, declared a stand-in for the official image the Testcontainers module expects, so
     * that a local substitute (scripts/test-images.sh) passes the module's name check.
     */
    private static DockerImageName substituteFor(String image, String official) {
        return DockerImageName.parse(image).asCompatibleSubstituteFor(official);
    }

    /** The launcher polls for the file: it must never see half of it. */
    private static void writeAtomically(Path file, Properties properties) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial)) {
            properties.store(writer, "how to reach the containers");
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
