package dev.glint.infra;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which servers the tests of a JVM run on, chosen once when the first test asks
 * ({@link SharedInfrastructure}): {@code GLINT_TEST_INFRA=embedded} (the default: child JVMs, no
 * container engine) or {@code GLINT_TEST_INFRA=testcontainers} (containers through Testcontainers).
 */
enum InfrastructureChoice {

    EMBEDDED {
        @Override
        Infrastructure start() {
            return EmbeddedInfrastructure.start(InfrastructureOptions.defaults());
        }
    },

    TESTCONTAINERS {
        @Override
        Infrastructure start() {
            return ContainerInfrastructure.start(ContainerImages.fromSettings());
        }
    };

    static final TestSetting SETTING = TestSetting.of("glint.test.infra");

    abstract Infrastructure start();

    String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the setting asks for; a value that names no choice is an error, never the default. */
    static InfrastructureChoice fromSettings() {
        String value = SETTING.value(EMBEDDED.settingValue());
        for (InfrastructureChoice choice : values()) {
            if (choice.settingValue().equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new InfrastructureException(SETTING.describe() + " is '" + value + "'; it must be one of "
                + Arrays.stream(values()).map(InfrastructureChoice::settingValue).collect(Collectors.joining(", ")));
    }
}
