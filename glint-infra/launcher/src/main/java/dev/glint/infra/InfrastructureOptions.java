package dev.glint.infra;

import java.nio.file.Path;

/**
 * Where the embedded servers keep their data and which ports they listen on.
 *
 * @param dataDir             data directory; {@code null} means a fresh temporary directory that is
 *                            deleted on close
 * @param postgresPort        0 means a free port
 * @param s3Port              0 means a free port
 * @param kafkaPort           0 means a free port
 * @param kafkaControllerPort 0 means a free port
 */
public record InfrastructureOptions(
        Path dataDir, int postgresPort, int s3Port, int kafkaPort, int kafkaControllerPort) {

    /** The fixed ports used by {@code ./glint up}. */
    public static final int LOCAL_POSTGRES_PORT = 9390;
    public static final int LOCAL_S3_PORT = 9391;
    public static final int LOCAL_KAFKA_PORT = 9392;
    public static final int LOCAL_KAFKA_CONTROLLER_PORT = 9393;

    /** Temporary data directory, free ports: what tests want. */
    public static InfrastructureOptions defaults() {
        return new InfrastructureOptions(null, 0, 0, 0, 0);
    }

    /** Persistent data directory, fixed well-known ports: what a local run wants. */
    public static InfrastructureOptions local(Path dataDir) {
        return new InfrastructureOptions(dataDir, LOCAL_POSTGRES_PORT, LOCAL_S3_PORT,
                LOCAL_KAFKA_PORT, LOCAL_KAFKA_CONTROLLER_PORT);
    }

    public InfrastructureOptions withDataDir(Path dataDir) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, kafkaPort, kafkaControllerPort);
    }

    public InfrastructureOptions withPostgresPort(int port) {
        return new InfrastructureOptions(dataDir, port, s3Port, kafkaPort, kafkaControllerPort);
    }

    public InfrastructureOptions withS3Port(int port) {
        return new InfrastructureOptions(dataDir, postgresPort, port, kafkaPort, kafkaControllerPort);
    }

    public InfrastructureOptions withKafkaPort(int port) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, port, kafkaControllerPort);
    }

    public InfrastructureOptions withKafkaControllerPort(int port) {
        return new InfrastructureOptions(dataDir, postgresPort, s3Port, kafkaPort, port);
    }
}
