package dev.glint.reliability;

import dev.glint.reliability.api.GlanceApi;
import dev.glint.reliability.api.RequestLog;
import dev.glint.reliability.checks.CheckResult;
import dev.glint.reliability.checks.Checks;
import dev.glint.reliability.checks.Database;
import dev.glint.reliability.checks.StoredObjects;
import dev.glint.reliability.content.ContentServer;
import dev.glint.reliability.faults.Fault;
import dev.glint.reliability.faults.FaultInjector;
import dev.glint.reliability.faults.FaultPlan;
import dev.glint.reliability.report.ReportFile;
import dev.glint.reliability.run.Durations;
import dev.glint.reliability.run.GlintRun;
import dev.glint.reliability.run.Machine;
import dev.glint.reliability.workload.TrackedImage;
import dev.glint.reliability.workload.Workload;
import dev.glint.reliability.workload.WorkloadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The fault-injection run: a mixed workload against a {@code ./glint up} of its own with delayed
 * delete on, faults injected at random moments, a bounded recovery, then the {@link Checks}, printed
 * and written to docs/reliability.md. Exit status 0 only when every check passed.
 */
final class FaultSuite {

    /** The run's settings, from the command line ({@link Main} has them with their defaults). */
    record Options(Path repoRoot, Path dataDir, int portOffset, Path output, long seed, int clients,
                   Duration duration, Duration recovery, long minSize, long maxSize, int serviceKills,
                   int serverKills, int outages, Duration outage, boolean keep, String command) {
    }

    static final String SECOND_STORE = "second";
    static final Duration SCRUB_TIME = Duration.ofSeconds(20);
    static final Duration RECONCILE_GRACE = Duration.ofMinutes(1);

    private final Options options;

    FaultSuite(Options options) {
        this.options = options;
    }

    /** Settings of the run's ./glint up: short timeouts, so that recovery fits in the run (documented in docs/reliability.md). */
    static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GLINT_DELAYED_DELETE", "true");
        environment.put("GLINT_SCRUBBER_SCRUB_TIME", String.valueOf(SCRUB_TIME.toSeconds()));
        environment.put("GLINT_SCRUBBER_WAKEUP_TIME", "5s");
        environment.put("GLINT_SCRUBBER_RETRY_DELAY", "PT10S");
        environment.put("GLINT_SCRUBBER_RECONCILE_INTERVAL", "30s");
        environment.put("GLINT_SCRUBBER_RECONCILE_GRACE_PERIOD", RECONCILE_GRACE.toString());
        environment.put("GLINT_SCRUBBER_RECONCILE_STAGED_MAX_AGE", "PT3M");
        environment.put("GLINT_API_TRANSFERS_HEARTBEAT_INTERVAL", "2s");
        environment.put("GLINT_API_TRANSFERS_ABANDONED_AFTER", "PT20S");
        environment.put("GLINT_API_TRANSFERS_SWEEP_INTERVAL", "5s");
        environment.put("GLINT_UPLOAD_WORKER_SWEEP_INTERVAL", "5s");
        environment.put("GLINT_UPLOAD_WORKER_SWEEP_AFTER", "PT20S");
        environment.put("GLINT_TASKS_STALL_TIMEOUT", "PT30S");
        environment.put("GLINT_TASKS_SWEEP_INTERVAL", "5s");
        environment.put("GLINT_IMPORT_PROGRESS_INTERVAL", "PT2S");
        environment.put("GLINT_IMPORT_WEB_DOWNLOAD_DENY_PRIVATE_NETWORKS", "false");
        environment.put("GLINT_IMPORT_WEB_DOWNLOAD_ALLOWED_PORTS", "*");
        environment.put("GLINT_STORAGE_STORES", "default=glint-images," + SECOND_STORE + "=glint-images-second");
        environment.put("GLINT_OUTBOX_KEEP_PUBLISHED", "P2D");
        return environment;
    }

    static Checks.Settings checkSettings() {
        return new Checks.Settings(List.of("glint-images", "glint-images-second"), SECOND_STORE, SCRUB_TIME,
                Duration.ofSeconds(60), RECONCILE_GRACE, "glint.public.image-events");
    }

    int run() throws Exception {
        Instant started = Instant.now();
        String loadBefore = Machine.load();
        List<String> ours = List.of(options.dataDir().toString(), options.repoRoot().toString());
        Main.deleteRecursively(options.dataDir());
        try (GlintRun glint = new GlintRun(options.repoRoot(), options.dataDir(), options.portOffset(), environment());
             ContentServer source = ContentServer.start()) {
            log("starting ./glint up --port-offset " + options.portOffset() + " in " + options.dataDir());
            glint.up(Duration.ofMinutes(20));
            Database database = new Database(glint.jdbcUrl());
            String durability = "fsync " + database.setting("fsync") + ", synchronous_commit "
                    + database.setting("synchronous_commit");

            RequestLog requests = new RequestLog(null);
            GlanceApi api = new GlanceApi(glint.api(), requests, Map.of(), Duration.ofMinutes(2), Duration.ofMinutes(20));
            WorkloadOptions workloadOptions = new WorkloadOptions(options.clients(), options.duration(), options.minSize(),
                    options.maxSize(), Duration.ofMinutes(10), 150, true, SECOND_STORE);
            Workload workload = new Workload(api, source, workloadOptions, options.seed());
            FaultPlan plan = FaultPlan.random(new Random(options.seed()), options.duration(), GlintRun.SERVICES,
                    GlintRun.SERVERS, options.serviceKills(), options.serverKills(), options.outages(), options.outage());
            FaultInjector faults = new FaultInjector(glint, plan);
            log("workload: " + options.clients() + " clients for " + Durations.format(options.duration()) + ", "
                    + plan.faults().size() + " faults");
            Instant begin = Instant.now();
            workload.start();
            faults.start(begin);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), workload.deadline()).toMillis()));
            log("workload deadline reached; waiting for the clients' last operations and the faults");
            boolean finished = workload.awaitFinished(Duration.ofMinutes(15));
            faults.awaitDone(Duration.ofMinutes(10));
            Instant workloadEnd = Instant.now();
            startEverything(glint);

            StoredObjects store = new StoredObjects(glint.s3Endpoint());
            Checks checks = new Checks(checkSettings());
            Checks.Evidence evidence;
            List<String> unsettled;
            Instant recoveryDeadline = Instant.now().plus(options.recovery());
            do {
                Thread.sleep(10_000);
                evidence = Checks.gather(database, store, glint.kafkaBootstrap(), checkSettings());
                unsettled = checks.unsettled(evidence);
                log(unsettled.isEmpty() ? "settled" : "not settled yet: " + String.join("; ", unsettled));
            } while (!unsettled.isEmpty() && Instant.now().isBefore(recoveryDeadline));
            Duration recoveredIn = Duration.between(workloadEnd, Instant.now());

            List<TrackedImage> tracked = workload.ledger().images();
            Map<String, Long> counts = workload.ledger().counts();
            long runDownloads = counts.getOrDefault("download: verified", 0L) + counts.getOrDefault("download: DIFFERENT DATA", 0L);
            List<CheckResult> results = checks.run(evidence, tracked, runDownloads, workload.mismatches(), api, store);
            if (!finished) {
                results.add(new CheckResult("clients finished their last operation within 15 minutes of the deadline",
                        options.clients(), 1, List.of("some client was still busy and was interrupted")));
            }
            List<GlintRun.UnitStatus> units = glint.status();
            String markdown = report(started, loadBefore, Machine.others(ours, 5), durability, plan,
                    faults.records(), counts, requests, results, recoveredIn, unsettled, units);
            System.out.println(markdown);
            if (options.output() != null) {
                ReportFile.replaceSection(options.output(), "faults", markdown);
                log("wrote " + options.output());
            }
            if (options.keep()) {
                log("--keep: Glint stays up (GLINT_DATA_DIR=" + options.dataDir() + " ./glint down stops it)");
                glint.keepRunning();
            }
            return results.stream().allMatch(CheckResult::passed) && unsettled.isEmpty() ? 0 : 1;
        }
    }

    /** After the faults every server and service must run again; one left stopped by an outage is started. */
    private static void startEverything(GlintRun glint) {
        for (GlintRun.UnitStatus unit : glint.status()) {
            if (unit.state().equals("stopped")) {
                log("starting " + unit.name() + ", left stopped");
                glint.glint(Duration.ofMinutes(5), "start", unit.name());
            }
        }
    }

    private String report(Instant started, String loadBefore, List<String> busyAfter,
            String durability, FaultPlan plan, List<FaultInjector.Record> records, Map<String, Long> counts,
            RequestLog requests, List<CheckResult> results, Duration recoveredIn, List<String> unsettled,
            List<GlintRun.UnitStatus> units) {
        StringBuilder md = new StringBuilder();
        boolean passed = results.stream().allMatch(CheckResult::passed) && unsettled.isEmpty();
        md.append("### Fault-injection run of ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(": ")
                .append(passed ? "every check passed" : "CHECKS FAILED").append("\n\n");
        md.append("`").append(options.command()).append("` (seed ").append(options.seed()).append("): ")
                .append(options.clients()).append(" clients for ").append(Durations.format(options.duration()))
                .append(", images of ").append(options.minSize() / WorkloadOptions.MIB).append(" to ")
                .append(options.maxSize() / WorkloadOptions.MIB).append(" MiB; recovery bound ")
                .append(Durations.format(options.recovery())).append(", settled ")
                .append(unsettled.isEmpty() ? "after " + Durations.format(recoveredIn) : "NOT within the bound: "
                        + String.join("; ", unsettled))
                .append(" (counted from the end of the workload and the last fault). ./glint up ran with ")
                .append(durability).append(".\n\n");
        md.append("Machine: ").append(Machine.describe()).append("; load average ").append(loadBefore)
                .append(" at the start, ").append(Machine.load()).append(" at the end. ");
        md.append("Busiest other processes (CPU over their life): ")
                .append(busyAfter.isEmpty() ? "none" : String.join("; ", busyAfter)).append(".\n\n");

        md.append("| workload: operation: outcome | count |\n|---|---|\n");
        counts.forEach((key, value) -> md.append("| ").append(ReportFile.cell(key)).append(" | ").append(value).append(" |\n"));
        md.append("\n| requests | count | 2xx | 4xx | 5xx | no answer |\n|---|---|---|---|---|---|\n");
        requests.kinds().forEach((kind, entry) -> md.append("| ").append(kind).append(" | ").append(entry.count())
                .append(" | ").append(entry.status2xx()).append(" | ").append(entry.status4xx()).append(" | ")
                .append(entry.status5xx()).append(" | ").append(entry.failed()).append(" |\n"));

        Map<String, long[]> byFault = new TreeMap<>();
        for (Fault fault : plan.faults()) {
            byFault.computeIfAbsent(faultName(fault), key -> new long[4])[0]++;
        }
        for (FaultInjector.Record record : records) {
            long[] row = byFault.computeIfAbsent(faultName(record.fault()), key -> new long[4]);
            row[record.done() ? 1 : 2]++;
            row[3] += record.took().toMillis();
        }
        md.append("\n| fault | planned | done | failed | mean time until it served again |\n|---|---|---|---|---|\n");
        byFault.forEach((name, row) -> md.append("| ").append(name).append(" | ").append(row[0]).append(" | ").append(row[1])
                .append(" | ").append(row[2]).append(" | ")
                .append(row[1] + row[2] == 0 ? "-" : Math.round(row[3] / 1000.0 / (row[1] + row[2])) + " s").append(" |\n"));
        md.append("\nSupervisor restarts at the end (./glint status): ");
        List<String> restarts = new ArrayList<>();
        units.forEach(unit -> restarts.add(unit.name() + " " + unit.restarts()));
        md.append(String.join(", ", restarts)).append(".\n\n");

        md.append("| check | checked | failed |\n|---|---|---|\n");
        for (CheckResult result : results) {
            md.append("| ").append(ReportFile.cell(result.name())).append(" | ")
                    .append(result.available() ? String.valueOf(result.checked())
                            : "not available (" + ReportFile.cell(result.unavailable()) + ")")
                    .append(" | ").append(result.available() ? String.valueOf(result.failed()) : "-").append(" |\n");
        }
        List<String> examples = new ArrayList<>();
        results.stream().filter(result -> !result.passed())
                .forEach(result -> result.examples().forEach(example -> examples.add(result.name() + ": " + example)));
        records.stream().filter(record -> !record.done())
                .forEach(record -> examples.add("fault " + record.fault().describe() + ": " + record.detail()));
        if (!examples.isEmpty()) {
            md.append("\nFailures (first of each):\n\n");
            examples.forEach(example -> md.append("- ").append(ReportFile.cell(example)).append('\n'));
        }
        return md.toString();
    }

    private static String faultName(Fault fault) {
        return fault.kind() == Fault.Kind.KILL ? "SIGKILL " + fault.target() : fault.outage().toSeconds() + " s outage of "
                + fault.target();
    }

    static void log(String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " reliability: " + message);
    }
}
