package dev.glint.reliability.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ./glint up --detach} of the run's own, on its own ports and data directory, and the
 * {@code ./glint} commands that operate it ({@code status}, {@code restart}, {@code stop},
 * {@code start}, {@code down}), exactly as an operator would type them.
 */
public final class GlintRun implements AutoCloseable {

    public static final int API_PORT = 9292;
    public static final int POSTGRES_PORT = 9390;
    public static final int S3_PORT = 9391;
    public static final int KAFKA_PORT = 9392;

    /** Every server and service {@code ./glint up} supervises. */
    public static final List<String> SERVICES = List.of("image-api", "upload-worker", "import-worker",
            "task-executor", "scrubber");
    public static final List<String> SERVERS = List.of("postgres", "kafka", "s3");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path repoRoot;
    private final Path dataDir;
    private final int portOffset;
    private final Map<String, String> environment;
    private boolean up;

    public GlintRun(Path repoRoot, Path dataDir, int portOffset, Map<String, String> environment) {
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
        this.portOffset = portOffset;
        this.environment = new LinkedHashMap<>(environment);
    }

    /** One {@code ./glint} command's outcome. */
    public record Outcome(int exitCode, String output) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** One line of {@code ./glint status --json}. */
    public record UnitStatus(String name, String state, boolean healthy, Long pid, int restarts) {
    }

    public void up(Duration timeout) {
        Outcome outcome = glint(timeout, "up", "--detach", "--port-offset", String.valueOf(portOffset));
        if (!outcome.ok()) {
            throw new IllegalStateException("./glint up failed (exit " + outcome.exitCode() + "):\n" + outcome.output());
        }
        up = true;
    }

    public Outcome glint(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(repoRoot.resolve("glint").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("GLINT_DATA_DIR", dataDir.toString());
        builder.environment().put("GLINT_PORT_OFFSET", String.valueOf(portOffset));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, "./glint " + String.join(" ", arguments) + " did not finish within " + timeout);
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Outcome(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, "interrupted");
        }
    }

    public List<UnitStatus> status() {
        Outcome outcome = glint(Duration.ofMinutes(1), "status", "--json");
        if (!outcome.ok()) {
            throw new IllegalStateException("./glint status failed: " + outcome.output());
        }
        String json = outcome.output().lines().filter(line -> line.startsWith("[")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no JSON in ./glint status --json: " + outcome.output()));
        try {
            List<Map<String, Object>> rows = JSON.readValue(json, new TypeReference<>() { });
            List<UnitStatus> units = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                Object pid = row.get("pid");
                units.add(new UnitStatus((String) row.get("name"), (String) row.get("state"),
                        Boolean.TRUE.equals(row.get("healthy")), pid == null ? null : ((Number) pid).longValue(),
                        ((Number) row.get("restarts")).intValue()));
            }
            return units;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read ./glint status --json: " + json, e);
        }
    }

    public URI api() {
        return URI.create("http://127.0.0.1:" + (API_PORT + portOffset));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + (POSTGRES_PORT + portOffset) + "/glint";
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + (S3_PORT + portOffset);
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + (KAFKA_PORT + portOffset);
    }

    /** A service's metrics endpoint (image-api 9292, the workers 9301..9304, plus the offset). */
    public URI metrics(String service) {
        int port = switch (service) {
            case "image-api" -> 9292;
            case "upload-worker" -> 9301;
            case "import-worker" -> 9302;
            case "task-executor" -> 9303;
            case "scrubber" -> 9304;
            default -> throw new IllegalArgumentException(service);
        };
        return URI.create("http://127.0.0.1:" + (port + portOffset) + "/q/metrics");
    }

    public Path dataDir() {
        return dataDir;
    }

    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** close() then leaves the run up, for a look at it afterwards. */
    public void keepRunning() {
        up = false;
    }

    @Override
    public void close() {
        if (up) {
            Outcome outcome = glint(Duration.ofMinutes(2), "down");
            if (!outcome.ok()) {
                System.err.println("./glint down: " + outcome.output());
            }
            up = false;
        }
    }
}
