package dev.glint.infra;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One infrastructure per JVM, started on first use and stopped by a JVM shutdown hook, so that all
 * tests running in one JVM share it: the embedded servers, or containers when
 * {@code GLINT_TEST_INFRA=testcontainers} ({@link InfrastructureChoice}). Every test class and the
 * end-to-end suite get their connection settings here, so the choice is made once, in this place.
 *
 * <p>Test frameworks such as Quarkus may load this class several times in different class loaders.
 * The running infrastructure is therefore announced in a system property, and a lock that all class
 * loaders share guards its start.
 */
public final class SharedInfrastructure {

    private static final String RUNNING_PROPERTY = "dev.glint.infra.shared";

    /** A string literal is interned JVM-wide: the same monitor in every class loader. */
    private static final Object LOCK = "dev.glint.infra.SharedInfrastructure.lock";

    private SharedInfrastructure() {
    }

    /**
     * How to reach the shared servers, starting them if this is the first call in this JVM. The
     * returned object's close() does nothing.
     */
    public static Infrastructure get() {
        synchronized (LOCK) {
            String running = System.getProperty(RUNNING_PROPERTY);
            if (running != null) {
                return ConnectionDetails.fromQuarkusConfig(decode(running));
            }
            Infrastructure infrastructure = InfrastructureChoice.fromSettings().start();
            Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "glint-infra-shutdown"));
            Map<String, String> config = infrastructure.quarkusConfig();
            System.setProperty(RUNNING_PROPERTY, encode(config));
            return ConnectionDetails.fromQuarkusConfig(config);
        }
    }

    private static String encode(Map<String, String> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        StringWriter writer = new StringWriter();
        try {
            properties.store(writer, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return writer.toString();
    }

    /** Properties text (as {@link #encode} writes it) as a map. */
    static Map<String, String> decode(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            config.put(name, properties.getProperty(name));
        }
        return config;
    }
}
