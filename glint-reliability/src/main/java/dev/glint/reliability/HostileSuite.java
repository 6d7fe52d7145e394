package dev.glint.reliability;

import dev.glint.reliability.hostile.HostileRun;
import dev.glint.reliability.report.ReportFile;
import dev.glint.reliability.run.GlintRun;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input run against a ./glint up of its own with image-api in trusted-headers mode (so
 * the identity headers reach the database), or against a running image-api in that mode
 * ({@code --api URL}).
 */
final class HostileSuite {

    record Options(Path repoRoot, Path dataDir, int portOffset, Path output, URI api, boolean keep, String command) {
    }

    private final Options options;

    HostileSuite(Options options) {
        this.options = options;
    }

    int run() throws Exception {
        Instant started = Instant.now();
        if (options.api() != null) {
            return report(started, new HostileRun(options.api(), Duration.ofSeconds(10)).run(), null);
        }
        Main.deleteRecursively(options.dataDir());
        try (GlintRun glint = new GlintRun(options.repoRoot(), options.dataDir(), options.portOffset(),
                Map.of("GLINT_AUTH_MODE", "trusted-headers"))) {
            FaultSuite.log("starting ./glint up (trusted-headers) --port-offset " + options.portOffset());
            glint.up(Duration.ofMinutes(20));
            List<GlintRun.UnitStatus> before = glint.status();
            HostileRun.Result result = new HostileRun(glint.api(), Duration.ofSeconds(10)).run();
            List<GlintRun.UnitStatus> after = glint.status();
            int restartsBefore = before.stream().mapToInt(GlintRun.UnitStatus::restarts).sum();
            int restartsAfter = after.stream().mapToInt(GlintRun.UnitStatus::restarts).sum();
            if (options.keep()) {
                glint.keepRunning();
            }
            return report(started, result, restartsAfter - restartsBefore);
        }
    }

    private int report(Instant started, HostileRun.Result result, Integer restarts) throws Exception {
        boolean passed = result.failures() == 0 && result.stayedUp() && (restarts == null || restarts == 0);
        StringBuilder md = new StringBuilder();
        md.append("### Hostile-input run of ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(": ")
                .append(passed ? "every request answered as it must be" : "FAILED").append("\n\n");
        md.append("`").append(options.command()).append("`: ").append(result.requests())
                .append(" requests to image-api in trusted-headers mode, four at a time. image-api ")
                .append(result.stayedUp() ? "answered /versions throughout" : "STOPPED ANSWERING")
                .append(restarts == null ? "" : restarts == 0 ? " and nothing restarted" : "; " + restarts + " RESTARTS")
                .append(".\n\n");
        md.append("| class of input | requests | 4xx | 2xx (odd but valid) | closed (broken framing) | 5xx | no answer | wrong |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        result.categories().forEach((name, category) -> md.append("| ").append(name).append(" | ").append(category.requests())
                .append(" | ").append(category.clientErrors()).append(" | ").append(category.successes()).append(" | ")
                .append(category.closed()).append(" | ").append(category.serverErrors()).append(" | ").append(category.hung())
                .append(" | ").append(category.failures().size()).append(" |\n"));
        if (!result.examples().isEmpty()) {
            md.append("\nWrong answers:\n\n");
            result.examples().forEach(example -> md.append("- ").append(ReportFile.cell(example)).append('\n'));
        }
        System.out.println(md);
        if (options.output() != null) {
            ReportFile.replaceSection(options.output(), "hostile", md.toString());
        }
        return passed ? 0 : 1;
    }
}
