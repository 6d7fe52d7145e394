package dev.glint.infra;

import java.util.Map;

/**
 * How to reach the servers, without owning them: {@link #close()} does nothing.
 */
public record ConnectionDetails(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String reactiveUrl,
        String dbUser,
        String dbPassword,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey) implements Infrastructure {

    /** Reads back what {@link Infrastructure#quarkusConfig()} wrote. */
    public static ConnectionDetails fromQuarkusConfig(Map<String, String> config) {
        return new ConnectionDetails(
                required(config, "kafka.bootstrap.servers"),
                required(config, "quarkus.datasource.jdbc.url"),
                required(config, "quarkus.datasource.reactive.url"),
                required(config, "quarkus.datasource.username"),
                required(config, "quarkus.datasource.password"),
                required(config, "glint.storage.endpoint"),
                required(config, "glint.storage.access-key"),
                required(config, "glint.storage.secret-key"));
    }

    private static String required(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + " in " + config.keySet());
        }
        return value;
    }

    @Override
    public void close() {
    }
}
