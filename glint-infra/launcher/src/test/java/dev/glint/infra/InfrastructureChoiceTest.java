package dev.glint.infra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InfrastructureChoiceTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(InfrastructureChoice.SETTING.property());
    }

    @Test
    void thePropertyNamesTheChoiceInAnyCase() {
        System.setProperty(InfrastructureChoice.SETTING.property(), "TestContainers");
        assertEquals(InfrastructureChoice.TESTCONTAINERS, InfrastructureChoice.fromSettings());
        System.setProperty(InfrastructureChoice.SETTING.property(), "embedded");
        assertEquals(InfrastructureChoice.EMBEDDED, InfrastructureChoice.fromSettings());
    }

    @Test
    void withoutPropertyOrVariableTheServersAreEmbedded() {
        // The build may run with GLINT_TEST_INFRA set (CI's run on containers): then the variable decides.
        assumeTrue(System.getenv("GLINT_TEST_INFRA") == null, "GLINT_TEST_INFRA is set");
        assertEquals(InfrastructureChoice.EMBEDDED, InfrastructureChoice.fromSettings());
    }

    @Test
    void anUnknownValueIsAnErrorThatListsTheChoices() {
        System.setProperty(InfrastructureChoice.SETTING.property(), "docker");
        InfrastructureException error = assertThrows(InfrastructureException.class, InfrastructureChoice::fromSettings);
        assertEquals("GLINT_TEST_INFRA (or -Dglint.test.infra) is 'docker'; it must be one of embedded, testcontainers",
                error.getMessage());
    }

    @Test
    void imageNamesDefaultToTheOfficialImagesAndTakeTheProperties() {
        System.setProperty(ContainerImages.KAFKA.property(), "localhost/glint/kafka:4.3.1");
        try {
            ContainerImages images = ContainerImages.fromSettings();
            assertEquals("localhost/glint/kafka:4.3.1", images.kafka());
            assertEquals("GLINT_TEST_KAFKA_IMAGE", ContainerImages.KAFKA.environmentVariable());
            if (System.getenv("GLINT_TEST_POSTGRES_IMAGE") == null) {
                assertEquals("postgres:17", images.postgres());
            }
            assertTrue(ContainerImages.DEFAULT_S3.startsWith("minio/minio:"), ContainerImages.DEFAULT_S3);
        } finally {
            System.clearProperty(ContainerImages.KAFKA.property());
        }
    }
}
