package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A single KRaft node, broker and controller in one, on loopback. */
final class KafkaServer implements EmbeddedServer {

    private static final String STARTED_LINE = "Kafka Server started";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final boolean durable;

    KafkaServer(Path dataDir, int port, int controllerPort, boolean durable) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.durable = durable;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port, controllerPort);
    }

    @Override
    public String name() {
        return "kafka";
    }

    String bootstrapServers() {
        return Probes.LOOPBACK + ":" + port;
    }

    @Override
    public ChildProcess launch() {
        Path config = dataDir.resolve("config");
        Path serverProperties = config.resolve("kafka-server.properties");
        Path log4jProperties = config.resolve("kafka-log4j2.properties");
        try {
            Files.createDirectories(config);
            Files.writeString(serverProperties, serverProperties(dataDir.resolve("kafka")));
            Files.writeString(log4jProperties, LOG4J2_PROPERTIES);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write Kafka configuration to " + config, e);
        }
        List<String> command = ServerRuntime.javaCommand("kafka",
                JvmFootprint.withOptions(JvmFootprint.kafka(),
                        "-Dlog4j2.configurationFile=" + log4jProperties.toUri()),
                "dev.glint.infra.kafka.KafkaNodeMain",
                List.of(serverProperties.toString(), newClusterId()));
        return ChildProcess.start(name(), command, dataDir, dataDir.resolve("logs/kafka.log"), Map.of());
    }

    @Override
    public void awaitReady(ChildProcess child) {
        child.awaitReady("port " + port + " open and '" + STARTED_LINE + "' logged",
                () -> child.loggedSinceStart(STARTED_LINE) && healthy(),
                START_TIMEOUT);
    }

    @Override
    public boolean healthy() {
        return Probes.acceptsConnections(port);
    }

    private String serverProperties(Path logDir) {
        String loopback = Probes.LOOPBACK;
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + loopback + ":" + controllerPort,
                "listeners=PLAINTEXT://" + loopback + ":" + port + ",CONTROLLER://" + loopback + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + loopback + ":" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                // The default 128 MiB dedupe buffer would dominate the broker's memory; Kafka
                // insists on more than 1 MiB per cleaner thread.
                "log.cleaner.dedupe.buffer.size=2097152",
                "log.cleaner.threads=1",
                "num.network.threads=2",
                "num.io.threads=2",
                "num.recovery.threads.per.data.dir=1",
                // Background tasks (log retention and deletion, ...) of a handful of small topics;
                // the default starts ten threads.
                "background.threads=2",
                // One node means no replica to fall back on: a durable broker writes each append to
                // disk before it acknowledges it (Kafka's default leaves that to the page cache and
                // to replication), so an event the outbox relay saw acknowledged survives a crash
                // of the machine. The producers ask for acks=all, Kafka's default.
                "log.flush.interval.messages=" + (durable ? "1" : Long.MAX_VALUE),
                "");
    }

    /** Only used when the log directory is formatted; later starts keep the stored id. */
    private static String newClusterId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final String LOG4J2_PROPERTIES = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = STDOUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = STDOUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = WARN",
            "");
}
