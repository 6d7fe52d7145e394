package dev.glint.reliability;

import dev.glint.reliability.api.GlanceApi;
import dev.glint.reliability.api.RequestLog;
import dev.glint.reliability.content.ContentServer;
import dev.glint.reliability.report.ReportFile;
import dev.glint.reliability.run.Durations;
import dev.glint.reliability.run.GlintRun;
import dev.glint.reliability.run.Machine;
import dev.glint.reliability.soak.Growth;
import dev.glint.reliability.soak.ResourceSampler;
import dev.glint.reliability.workload.Workload;
import dev.glint.reliability.workload.WorkloadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soak: the mixed workload without faults, many clients, a long time, against a ./glint up of
 * its own. It holds Glint to no 5xx at all, no request slower than the bound after the warm-up, and
 * no growth of memory (resident and heap), threads, descriptors or connections after the warm-up.
 */
final class Soak {

    record Options(Path repoRoot, Path dataDir, int portOffset, Path output, long seed, int clients, Duration duration,
                   Duration warmUp, long minSize, long maxSize, Duration slowBound, Duration sampleEvery, boolean keep,
                   String command) {
    }

    private final Options options;

    Soak(Options options) {
        this.options = options;
    }

    int run() throws Exception {
        Instant started = Instant.now();
        String loadBefore = Machine.load();
        List<String> ours = List.of(options.dataDir().toString(), options.repoRoot().toString());
        Main.deleteRecursively(options.dataDir());
        try (GlintRun glint = new GlintRun(options.repoRoot(), options.dataDir(), options.portOffset(),
                FaultSuite.environment());
             ContentServer source = ContentServer.start()) {
            FaultSuite.log("starting ./glint up --port-offset " + options.portOffset() + " in " + options.dataDir());
            glint.up(Duration.ofMinutes(20));
            RequestLog requests = new RequestLog(options.slowBound());
            requests.measuring(false);
            GlanceApi api = new GlanceApi(glint.api(), requests, Map.of(), Duration.ofMinutes(2), Duration.ofMinutes(10));
            Workload workload = new Workload(api, source, new WorkloadOptions(options.clients(), options.duration(),
                    options.minSize(), options.maxSize(), Duration.ofMinutes(5), 400, true, FaultSuite.SECOND_STORE),
                    options.seed());
            ResourceSampler sampler = new ResourceSampler(glint, options.sampleEvery());
            FaultSuite.log("soak: " + options.clients() + " clients for " + Durations.format(options.duration())
                    + ", warm-up " + Durations.format(options.warmUp()));
            workload.start();
            Thread.sleep(options.warmUp().toMillis());
            requests.measuring(true);
            sampler.start();
            FaultSuite.log("warm-up over; measuring");
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), workload.deadline()).toMillis()));
            List<ResourceSampler.Sample> samples = sampler.stop();
            boolean finished = workload.awaitFinished(Duration.ofMinutes(10));

            List<Growth> growth = new ArrayList<>();
            for (String unit : concat(GlintRun.SERVERS, GlintRun.SERVICES)) {
                List<ResourceSampler.Sample> mine = ResourceSampler.of(samples, unit);
                growth.add(Growth.of(unit, "resident memory (MiB)", mine, ResourceSampler.Sample::rssBytes, false, 32 << 20));
                if (GlintRun.SERVICES.contains(unit)) {
                    growth.add(Growth.of(unit, "heap in use after GC (MiB)", mine, ResourceSampler.Sample::heapBytes, true,
                            16 << 20));
                }
                growth.add(Growth.of(unit, "threads", mine, ResourceSampler.Sample::threads, false, 4));
                growth.add(Growth.of(unit, "open descriptors", mine, ResourceSampler.Sample::descriptors, false, 16));
                growth.add(Growth.of(unit, unit.equals("postgres") ? "connections (backends)" : "sockets", mine,
                        ResourceSampler.Sample::sockets, false, 8));
            }
            long serverErrors = requests.warmUpServerErrors()
                    + requests.kinds().values().stream().mapToLong(RequestLog.Kind::status5xx).sum();
            long slow = requests.kinds().values().stream().mapToLong(RequestLog.Kind::slow).sum();
            boolean grew = growth.stream().anyMatch(Growth::grew);
            boolean passed = serverErrors == 0 && slow == 0 && !grew && finished && workload.mismatches().isEmpty();
            String markdown = report(started, loadBefore, Machine.others(ours, 5), requests, growth, serverErrors, slow,
                    passed, workload);
            System.out.println(markdown);
            if (options.output() != null) {
                ReportFile.replaceSection(options.output(), "soak", markdown);
                FaultSuite.log("wrote " + options.output());
            }
            if (options.keep()) {
                glint.keepRunning();
            }
            return passed ? 0 : 1;
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private String report(Instant started, String loadBefore, List<String> busy, RequestLog requests, List<Growth> growth,
            long serverErrors, long slow, boolean passed, Workload workload) {
        StringBuilder md = new StringBuilder();
        md.append("### Soak of ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(": ")
                .append(passed ? "no 5xx, nothing slow, no growth" : "FAILED").append("\n\n");
        md.append("`").append(options.command()).append("` (seed ").append(options.seed()).append("): ")
                .append(options.clients()).append(" clients for ").append(Durations.format(options.duration()))
                .append(" (the first ").append(Durations.format(options.warmUp())).append(" a warm-up), images of ")
                .append(options.minSize() / WorkloadOptions.MIB).append(" to ").append(options.maxSize() / WorkloadOptions.MIB)
                .append(" MiB, the mixed workload of the fault run without its faults. Machine: ").append(Machine.describe())
                .append("; load average ").append(loadBefore).append(" at the start, ").append(Machine.load())
                .append(" at the end. Busiest other processes: ").append(busy.isEmpty() ? "none" : String.join("; ", busy))
                .append(".\n\n");
        md.append("Requests: ").append(requests.warmUpRequests() + requests.total()).append(" (")
                .append(requests.total()).append(" after the warm-up); 5xx: ").append(serverErrors)
                .append("; slower than ").append(options.slowBound().toSeconds()).append(" s after the warm-up: ").append(slow)
                .append("; downloads that differed from the upload: ").append(workload.mismatches().size()).append(".\n\n");
        md.append("| request | count | 5xx | no answer | median | 99th percentile | slowest |\n|---|---|---|---|---|---|---|\n");
        requests.kinds().forEach((kind, entry) -> md.append("| ").append(kind).append(" | ").append(entry.count()).append(" | ")
                .append(entry.status5xx()).append(" | ").append(entry.failed()).append(" | ")
                .append(millis(entry.quantile(0.5))).append(" | ").append(millis(entry.quantile(0.99))).append(" | ")
                .append(millis(entry.slowest())).append(" |\n"));
        md.append("\n| process | resource | first fifth | last fifth | grew |\n|---|---|---|---|---|\n");
        for (Growth row : growth) {
            boolean bytes = row.resource().contains("MiB");
            md.append("| ").append(row.unit()).append(" | ").append(row.resource()).append(" | ")
                    .append(format(row.first(), bytes)).append(" | ").append(format(row.last(), bytes)).append(" | ")
                    .append(row.grew() ? "YES" : "no").append(" |\n");
        }
        if (!requests.incidents().isEmpty()) {
            md.append("\nSlow or failed requests (first of them):\n\n");
            requests.incidents().stream().limit(20).forEach(incident -> md.append("- ").append(incident.kind()).append(": ")
                    .append(incident.status() < 0 ? "no answer" : "HTTP " + incident.status()).append(" after ")
                    .append(millis(incident.elapsed())).append(' ').append(ReportFile.cell(incident.detail())).append('\n'));
        }
        return md.toString();
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private static String format(double value, boolean bytes) {
        return bytes ? String.format("%.0f", value / (1 << 20)) : String.format("%.0f", value);
    }
}
