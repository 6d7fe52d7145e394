package dev.glint.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * What ./glint up runs is durable: PostgreSQL with fsync and synchronous commit, Kafka flushing each
 * append before it acknowledges it, S3 forcing each object to disk. The tests' servers are not, on
 * purpose (faster; only a crash of the machine could lose their data).
 */
class DurableInfrastructureTest {

    @Test
    void aDurableRunForcesEveryAcknowledgedWrite() throws Exception {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(InfrastructureOptions.defaults().withDurable(true))) {
            assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), settings(infra));
            assertEquals("1", brokerSetting(infra, "log.flush.interval.messages"));
            assertTrue(Files.readString(infra.dataDir().resolve("logs/s3.log")).contains("writes forced to disk"));
        }
    }

    @Test
    void theTestsServersLeaveWritesToThePageCache() throws Exception {
        Infrastructure infra = SharedInfrastructure.get();
        assertEquals("off", settings(infra).get("fsync"));
        assertEquals("off", settings(infra).get("synchronous_commit"));
        assertEquals(String.valueOf(Long.MAX_VALUE), brokerSetting(infra, "log.flush.interval.messages"));
    }

    private static Map<String, String> settings(Infrastructure infra) throws Exception {
        try (Connection connection = ServerClients.jdbc(infra);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit'),"
                     + " current_setting('full_page_writes')")) {
            row.next();
            return Map.of("fsync", row.getString(1), "synchronous_commit", row.getString(2),
                    "full_page_writes", row.getString(3));
        }
    }

    private static String brokerSetting(Infrastructure infra, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get(60, TimeUnit.SECONDS).get(broker);
            return config.get(name).value();
        }
    }
}
