package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy with its filesystem backend on loopback, checking real AWS signatures; when durable, each
 * object is forced to disk before the write is acknowledged (dev.glint.infra.s3.S3NodeMain).
 */
final class S3Server implements EmbeddedServer {

    static final String ACCESS_KEY = "glint";
    static final String SECRET_KEY = "glint-secret-key";

    /** Printed by dev.glint.infra.s3.S3NodeMain; that class cannot be loaded here. */
    private static final String READY_LINE = "GLINT S3 READY";

    private final Path dataDir;
    private final int port;
    private final boolean durable;

    S3Server(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port);
    }

    @Override
    public String name() {
        return "s3";
    }

    String endpoint() {
        return "http://" + Probes.LOOPBACK + ":" + port;
    }

    @Override
    public ChildProcess launch() {
        Path config = dataDir.resolve("config");
        Path properties = config.resolve("s3proxy.properties");
        Path logback = config.resolve("s3proxy-logback.xml");
        Path storage = dataDir.resolve("s3");
        try {
            Files.createDirectories(config);
            Files.createDirectories(storage);
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + storage,
                    ""));
            Files.writeString(logback, LOGBACK_XML);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write S3Proxy configuration to " + config, e);
        }
        List<String> command = ServerRuntime.javaCommand("s3",
                JvmFootprint.withOptions(JvmFootprint.s3(), "-Dlogback.configurationFile=" + logback),
                "dev.glint.infra.s3.S3NodeMain",
                List.of(properties.toString(), durable ? "durable" : "page-cache"));
        return ChildProcess.start(name(), command, dataDir, dataDir.resolve("logs/s3.log"), Map.of());
    }

    @Override
    public void awaitReady(ChildProcess child) {
        // Any HTTP answer, even 403 for an unsigned request, means S3Proxy is serving.
        child.awaitReady("'" + READY_LINE + "' printed and HTTP answers on " + endpoint(),
                () -> child.loggedSinceStart(READY_LINE) && healthy(),
                START_TIMEOUT);
    }

    @Override
    public boolean healthy() {
        return Probes.httpStatus(endpoint() + "/") > 0;
    }

    // Without a configuration file logback logs everything at DEBUG.
    private static final String LOGBACK_XML = String.join("\n",
            "<configuration>",
            "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>[%d] %level %msg \\(%logger\\)%n</pattern></encoder>",
            "  </appender>",
            "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>",
            "</configuration>",
            "");
}
