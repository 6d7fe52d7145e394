package dev.glint.infra;

import java.util.Locale;

/**
 * A setting of the test infrastructure, read from a system property ({@code glint.test.infra}, for
 * {@code mvn -D...}) or else from its environment variable ({@code GLINT_TEST_INFRA}).
 */
record TestSetting(String property) {

    String environmentVariable() {
        return Infrastructure.toEnvironmentName(property);
    }

    /** The value given, or {@code fallback} when neither the property nor the variable is set. */
    String value(String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable());
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** {@code GLINT_TEST_INFRA (or -Dglint.test.infra)}, for messages. */
    String describe() {
        return environmentVariable() + " (or -D" + property + ")";
    }

    static TestSetting of(String property) {
        return new TestSetting(property.toLowerCase(Locale.ROOT));
    }
}
