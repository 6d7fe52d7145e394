package dev.glint.infra;

import io.minio.MinioClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedInfrastructureTest {

    private static Infrastructure infrastructure;

    @BeforeAll
    static void start() {
        infrastructure = SharedInfrastructure.get();
    }

    @Test
    void postgresAnswersQueriesAsTheGlintUser() throws Exception {
        try (Connection connection = ServerClients.jdbc(infrastructure);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS smoke (id text PRIMARY KEY)");
            statement.execute("INSERT INTO smoke VALUES ('" + UUID.randomUUID() + "')");
            try (ResultSet result = statement.executeQuery(
                    "SELECT current_user, current_database(), current_setting('server_version_num')::int")) {
                assertTrue(result.next());
                assertEquals("glint", result.getString(1));
                assertEquals("glint", result.getString(2));
                // The embedded binaries are PostgreSQL 17; in containers, the image decides, and the
                // local substitute (scripts/test-images.sh) is Debian 12's PostgreSQL 15.
                int oldest = InfrastructureChoice.fromSettings() == InfrastructureChoice.EMBEDDED ? 170000 : 150000;
                assertTrue(result.getInt(3) >= oldest, "PostgreSQL " + oldest / 10000 + " or later expected");
            }
        }
    }

    @Test
    void kafkaDeliversAProducedRecord() throws Exception {
        String topic = "smoke-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();
        ServerClients.produce(infrastructure, topic, "key", value);
        List<String> consumed = ServerClients.consumeUntil(infrastructure, topic, value);
        assertTrue(consumed.contains(value), "consumed " + consumed);
    }

    @Test
    void s3StoresAndReturnsAnObject() throws Exception {
        MinioClient s3 = ServerClients.s3(infrastructure);
        String content = "image bytes " + UUID.randomUUID();
        ServerClients.putObject(s3, "smoke", "images/one", content);
        assertEquals(content, ServerClients.getObject(s3, "smoke", "images/one"));
    }

    @Test
    void secondCallReturnsTheSameServers() {
        Infrastructure again = SharedInfrastructure.get();
        assertEquals(infrastructure.quarkusConfig(), again.quarkusConfig());
        assertSame(GlintInfraTestResource.class, new GlintInfraTestResource().getClass());
        assertEquals(infrastructure.quarkusConfig(), new GlintInfraTestResource().start());
    }

    @Test
    void configurationHasTheAgreedKeys() {
        assertEquals(List.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url",
                        "quarkus.datasource.reactive.url", "quarkus.datasource.username",
                        "quarkus.datasource.password", "glint.storage.endpoint",
                        "glint.storage.access-key", "glint.storage.secret-key"),
                List.copyOf(infrastructure.quarkusConfig().keySet()));
        assertEquals(List.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME",
                        "QUARKUS_DATASOURCE_PASSWORD", "GLINT_STORAGE_ENDPOINT",
                        "GLINT_STORAGE_ACCESS_KEY", "GLINT_STORAGE_SECRET_KEY"),
                List.copyOf(infrastructure.environment().keySet()));
        // The embedded servers listen on loopback; containers publish where the engine says.
        String host = InfrastructureChoice.fromSettings() == InfrastructureChoice.EMBEDDED ? "127\\.0\\.0\\.1" : "[^/:]+";
        assertTrue(infrastructure.reactiveUrl().matches("postgresql://" + host + ":\\d+/glint"),
                infrastructure.reactiveUrl());
        assertEquals("jdbc:" + infrastructure.reactiveUrl(), infrastructure.jdbcUrl());
        assertTrue(infrastructure.s3Endpoint().matches("http://" + host + ":\\d+"), infrastructure.s3Endpoint());
    }
}
