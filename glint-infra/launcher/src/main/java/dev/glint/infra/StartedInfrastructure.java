package dev.glint.infra;

/**
 * Servers this JVM started, reached through their {@link ConnectionDetails}; only how they stop
 * ({@link #close()}) differs between the embedded servers and the containers.
 */
public interface StartedInfrastructure extends Infrastructure {

    ConnectionDetails connectionDetails();

    @Override
    default String kafkaBootstrapServers() {
        return connectionDetails().kafkaBootstrapServers();
    }

    @Override
    default String jdbcUrl() {
        return connectionDetails().jdbcUrl();
    }

    @Override
    default String reactiveUrl() {
        return connectionDetails().reactiveUrl();
    }

    @Override
    default String dbUser() {
        return connectionDetails().dbUser();
    }

    @Override
    default String dbPassword() {
        return connectionDetails().dbPassword();
    }

    @Override
    default String s3Endpoint() {
        return connectionDetails().s3Endpoint();
    }

    @Override
    default String s3AccessKey() {
        return connectionDetails().s3AccessKey();
    }

    @Override
    default String s3SecretKey() {
        return connectionDetails().s3SecretKey();
    }
}
