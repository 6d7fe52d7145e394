package dev.glint.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running Kafka, PostgreSQL and S3 servers, and how to reach them. Closing it stops the servers
 * it started.
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    /** {@code jdbc:postgresql://127.0.0.1:<port>/glint} */
    String jdbcUrl();

    /** {@code postgresql://127.0.0.1:<port>/glint}, for the Quarkus reactive client. */
    String reactiveUrl();

    String dbUser();

    String dbPassword();

    /** {@code http://127.0.0.1:<port>}; use path-style addressing and region us-east-1. */
    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    /** Configuration for a Quarkus service or test, keyed by Quarkus/Glint property names. */
    default Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers());
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.reactive.url", reactiveUrl());
        config.put("quarkus.datasource.username", dbUser());
        config.put("quarkus.datasource.password", dbPassword());
        config.put("glint.storage.endpoint", s3Endpoint());
        config.put("glint.storage.access-key", s3AccessKey());
        config.put("glint.storage.secret-key", s3SecretKey());
        return config;
    }

    /** The same as {@link #quarkusConfig()}, as environment variables for child processes. */
    default Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        quarkusConfig().forEach((key, value) -> environment.put(toEnvironmentName(key), value));
        return environment;
    }

    /** Stops the servers this object started; never throws. */
    @Override
    void close();

    /** The MicroProfile Config mapping from a property name to an environment variable name. */
    static String toEnvironmentName(String propertyName) {
        return propertyName.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
