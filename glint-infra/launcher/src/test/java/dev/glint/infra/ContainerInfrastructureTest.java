package dev.glint.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class ContainerInfrastructureTest {

    /**
     * DOCKER_HOST names a socket nothing serves and HOME holds no ~/.testcontainers.properties;
     * Testcontainers still tries the default Docker socket, so a machine with one cannot run this.
     */
    @Test
    void withoutAnEngineTheStartFailsSayingSo(@TempDir Path home) {
        assumeFalse(Files.exists(Path.of("/var/run/docker.sock")), "a Docker engine listens on /var/run/docker.sock");
        Map<String, String> noEngine = Map.of("DOCKER_HOST", "unix://" + home.resolve("no-engine.sock"),
                "HOME", home.toString(), "TESTCONTAINERS_RYUK_DISABLED", "true");
        InfrastructureException error = assertThrows(InfrastructureException.class,
                () -> ContainerInfrastructure.start(ContainerImages.fromSettings(), noEngine).close());
        assertTrue(error.getMessage().startsWith(
                "GLINT_TEST_INFRA (or -Dglint.test.infra) is testcontainers, but no container engine answers"),
                error.getMessage());
    }
}
