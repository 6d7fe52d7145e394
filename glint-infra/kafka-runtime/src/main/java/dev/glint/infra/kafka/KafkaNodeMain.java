package dev.glint.infra.kafka;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs one KRaft node (broker and controller) inside the child JVM started by the launcher.
 *
 * <p>Arguments: {@code <server.properties> <clusterId>}. The log directory is formatted only when it
 * has no {@code meta.properties} yet, so the data of a persistent data directory survives restarts.
 * Formatting runs in this JVM rather than in a separate StorageTool process to save a JVM start.
 */
public final class KafkaNodeMain {

    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: KafkaNodeMain <server.properties> <clusterId>");
        }
        String serverProperties = args[0];
        String clusterId = args[1];
        Path logDir = logDir(Path.of(serverProperties));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            // "--cluster-id=": a base64url id may start with '-', which would be read as an option.
            int status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id=" + clusterId, "-c", serverProperties}, System.out);
            if (status != 0) {
                throw new IllegalStateException("formatting " + logDir + " failed with status " + status);
            }
        }
        kafka.Kafka.main(new String[] {serverProperties});
    }

    private static Path logDir(Path serverProperties) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(serverProperties)) {
            properties.load(reader);
        }
        return Path.of(properties.getProperty("log.dirs"));
    }
}
