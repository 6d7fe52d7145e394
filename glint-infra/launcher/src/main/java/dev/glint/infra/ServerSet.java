package dev.glint.infra;

import java.nio.file.Path;
import java.util.List;

/** The three servers of one data directory on their ports, and how clients reach them. */
final class ServerSet {

    final KafkaServer kafka;
    final PostgresServer postgres;
    final S3Server s3;

    /** {@code options}' ports, free ones where it says 0. */
    ServerSet(Path dataDir, InfrastructureOptions options) {
        int[] free = Probes.freePorts(4);
        kafka = new KafkaServer(dataDir, orFree(options.kafkaPort(), free[0]),
                orFree(options.kafkaControllerPort(), free[1]), options.durable());
        postgres = new PostgresServer(dataDir, orFree(options.postgresPort(), free[2]), options.durable());
        s3 = new S3Server(dataDir, orFree(options.s3Port(), free[3]), options.durable());
    }

    /** PostgreSQL first: it takes longest, and the services need it first. */
    List<EmbeddedServer> all() {
        return List.of(postgres, kafka, s3);
    }

    ConnectionDetails details() {
        return new ConnectionDetails(
                kafka.bootstrapServers(),
                postgres.jdbcUrl(), postgres.reactiveUrl(), PostgresServer.USER, PostgresServer.PASSWORD,
                s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
    }

    private static int orFree(int requested, int free) {
        return requested != 0 ? requested : free;
    }
}
