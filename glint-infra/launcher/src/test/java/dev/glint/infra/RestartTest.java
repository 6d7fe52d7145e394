package dev.glint.infra;

import io.minio.MinioClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data written before a restart on the same data directory is still there after it. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestart() throws Exception {
        InfrastructureOptions options;
        try (EmbeddedInfrastructure first = EmbeddedInfrastructure.start(
                InfrastructureOptions.defaults().withDataDir(dataDir))) {
            try (Connection connection = ServerClients.jdbc(first);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE survivor (name text)");
                statement.execute("INSERT INTO survivor VALUES ('still here')");
            }
            ServerClients.putObject(ServerClients.s3(first), "survivors", "object", "still here");
            ServerClients.produce(first, "survivors", "key", "still here");
            options = sameAddresses(first);
        }

        try (EmbeddedInfrastructure second = EmbeddedInfrastructure.start(options)) {
            try (Connection connection = ServerClients.jdbc(second);
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT name FROM survivor")) {
                assertTrue(result.next());
                assertEquals("still here", result.getString(1));
            }
            MinioClient s3 = ServerClients.s3(second);
            assertEquals("still here", ServerClients.getObject(s3, "survivors", "object"));
            List<String> consumed = ServerClients.consumeUntil(second, "survivors", "still here");
            assertEquals(List.of("still here"), consumed);
        }
    }

    /** What ./glint up does: the same data directory on the same ports. */
    private InfrastructureOptions sameAddresses(EmbeddedInfrastructure running) {
        return InfrastructureOptions.defaults()
                .withDataDir(dataDir)
                .withPostgresPort(port(running.jdbcUrl()))
                .withS3Port(port(running.s3Endpoint()))
                .withKafkaPort(port(running.kafkaBootstrapServers()));
    }

    private static int port(String address) {
        String afterHost = address.substring(address.indexOf("127.0.0.1:") + "127.0.0.1:".length());
        return Integer.parseInt(afterHost.split("/")[0]);
    }
}
