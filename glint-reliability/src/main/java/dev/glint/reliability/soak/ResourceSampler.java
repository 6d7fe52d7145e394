package dev.glint.reliability.soak;

import dev.glint.reliability.run.GlintRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples, every {@code interval}, each server's and service's resident memory, threads, open
 * descriptors and sockets (from {@code /proc}), the services' JVM heap in use (from their
 * {@code /q/metrics}) and PostgreSQL's connections, for the soak's "no growth after the warm-up".
 */
public final class ResourceSampler {

    /** One sample of one process. */
    public record Sample(Instant at, String unit, long rssBytes, long threads, long descriptors, long sockets,
                         long heapBytes) {
    }

    private final GlintRun glint;
    private final Duration interval;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean running = true;
    private Thread thread;

    public ResourceSampler(GlintRun glint, Duration interval) {
        this.glint = glint;
        this.interval = interval;
    }

    public void start() {
        thread = new Thread(this::loop, "resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public List<Sample> stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(60_000);
        return List.copyOf(samples);
    }

    private void loop() {
        while (running) {
            Instant at = Instant.now();
            try {
                for (GlintRun.UnitStatus unit : glint.status()) {
                    if (unit.pid() != null) {
                        sample(at, unit.name(), unit.pid());
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("resource sampler: " + e.getMessage());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Instant at, String unit, long pid) {
        Map<String, Long> status = procStatus(pid);
        long descriptors = 0;
        long sockets = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                descriptors++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // Closed meanwhile.
                }
            }
        } catch (IOException e) {
            return;
        }
        long heap = GlintRun.SERVICES.contains(unit) ? heapInUse(glint.metrics(unit)) : -1;
        if (unit.equals("postgres")) {
            // The postmaster's own sockets are its listeners: its backends are its connections.
            sockets = ProcessHandle.of(pid).map(process -> process.children().count()).orElse(0L);
        }
        samples.add(new Sample(at, unit, status.getOrDefault("VmRSS", 0L) * 1024, status.getOrDefault("Threads", 0L),
                descriptors, sockets, heap));
    }

    private static Map<String, Long> procStatus(long pid) {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String digits = line.substring(colon + 1).trim().split("\\s+")[0];
                    if (digits.matches("\\d+")) {
                        values.put(line.substring(0, colon), Long.parseLong(digits));
                    }
                }
            }
        } catch (IOException e) {
            return values;
        }
        return values;
    }

    /** The sum of jvm_memory_used_bytes over the heap pools, or -1. */
    private long heapInUse(URI metrics) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double heap = 0;
            boolean found = false;
            for (String line : response.body().lines().toList()) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? (long) heap : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The samples of one unit in time order. */
    public static List<Sample> of(List<Sample> samples, String unit) {
        List<Sample> mine = new ArrayList<>();
        samples.stream().filter(sample -> sample.unit().equals(unit)).forEach(mine::add);
        return mine;
    }
}
