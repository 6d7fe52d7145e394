package dev.glint.infra;

import java.nio.file.Path;

/**
 * Where the embedded servers keep their data, which ports they listen on, and whether they make
 * every acknowledged write durable.
 *
 * @param dataDir             data directory; {@code null} means a fresh temporary directory that is
 *                            deleted on close
 * @param postgresPort        0 means a free port
 * @param s3Port              0 means a free port
 * @param kafkaPort           0 means a free port
 * @param kafkaControllerPort 0 means a free port
 * @param durable             true: PostgreSQL with fsync and synchronous commit, Kafka flushing each
 *                            append before it acknowledges it, S3 forcing each object to disk before
 *                            it answers, so that a crash of the machine loses nothing that was
 *                            acknowledged; false (the tests): all three leave it to the page cache,
 *                            which is faster and loses data only when the machine itself crashes
 */
public record InfrastructureOptions(
        Path dataDir, int postgresPort, int s3Port, int kafkaPort, int kafkaControllerPort, boolean durable) {

    /** The fixed ports used by {@code ./glint up} (plus its port offset). */
    public static final int LOCAL_POSTGRES_PORT = 9390;
    public static final int LOCAL_S3_PORT = 9391;
    public static final int LOCAL_KAFKA_PORT = 9392;
    public static final int LOCAL_KAFKA_CONTROLLER_PORT = 9393;

    /** Temporary data directory, free ports, no forced writes: what tests want. */
    public static InfrastructureOptions defaults() {
        return new InfrastructureOptions(null, 0, 0, 0, 0, false);
    }

    /** Persistent data directory, the well-known ports, durable: what a local run wants. */
    public static InfrastructureOptions local(Path dataDir) {
        return local(dataDir, 0);
    }

    /** As {@link #local(Path)}, every port moved by {@code portOffset}. */
    public static InfrastructureOptions local(Path dataDir, int portOffset) {
        return new InfrastructureOptions(dataDir, LOCAL_POSTGRES_PORT + portOffset, LOCAL_S3_PORT + portOffset,
                LOCAL_KAFKA_PORT + portOffset, LOCAL_KAFKA_CONTROLLER_PORT + portOffset, true);
    }

    public InfrastructureOptions withDataDir(Path dataDir) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, kafkaPort, kafkaControllerPort, durable);
    }

    public InfrastructureOptions withPostgresPort(int port) {
        return new InfrastructureOptions(dataDir, port, s3Port, kafkaPort, kafkaControllerPort, durable);
    }

    public InfrastructureOptions withS3Port(int port) {
        return new InfrastructureOptions(dataDir, postgresPort, port, kafkaPort, kafkaControllerPort, durable);
    }

    public InfrastructureOptions withKafkaPort(int port) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, port, kafkaControllerPort, durable);
    }

    public InfrastructureOptions withKafkaControllerPort(int port) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, kafkaPort, port, durable);
    }

    public InfrastructureOptions withDurable(boolean durable) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, kafkaPort, kafkaControllerPort, durable);
    }
}
