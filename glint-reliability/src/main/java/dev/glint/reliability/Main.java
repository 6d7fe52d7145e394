package dev.glint.reliability;

import dev.glint.reliability.run.Durations;
import dev.glint.reliability.workload.WorkloadOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench/reliability faults|soak|hostile [options]}; see {@link #USAGE}. Each run starts a
 * {@code ./glint up} of its own (own data directory, own ports) and stops it at the end.
 */
public final class Main {

    static final String USAGE = """
            usage: bench/reliability faults  [--duration 15m] [--clients 8] [--recovery 5m] [--max-size-mib 256]
                                             [--service-kills 10] [--server-kills 3] [--outages 1] [--outage 30s]
                   bench/reliability soak    [--duration 15m] [--clients 32] [--warm-up 3m] [--max-size-mib 4]
                                             [--slow 5s]
                   bench/reliability hostile [--api URL]
            common: [--seed N] [--port-offset 20000] [--data-dir DIR] [--output docs/reliability.md | --no-output]
                    [--keep] (leave Glint running afterwards)
            """;

    private static final Set<String> FLAGS = Set.of("--keep", "--no-output");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !List.of("faults", "soak", "hostile").contains(args[0])) {
            System.err.print(USAGE);
            System.exit(2);
        }
        try {
            Map<String, String> options = options(args);
            Path repoRoot = repoRoot();
            String mode = args[0];
            Path dataDir = Path.of(options.getOrDefault("--data-dir",
                    repoRoot.resolve("glint-reliability/target/runs/" + mode).toString())).toAbsolutePath().normalize();
            int portOffset = Integer.parseInt(options.getOrDefault("--port-offset", "20000"));
            Path output = options.containsKey("--no-output") ? null
                    : Path.of(options.getOrDefault("--output", repoRoot.resolve("docs/reliability.md").toString()));
            long seed = Long.parseLong(options.getOrDefault("--seed", String.valueOf(System.currentTimeMillis() % 100_000)));
            boolean keep = options.containsKey("--keep");
            String command = "bench/reliability " + String.join(" ", args);
            int exit = switch (mode) {
                case "faults" -> {
                    Duration duration = Durations.parse(options.getOrDefault("--duration", "15m"));
                    // The floor for a full run (15 min): each service 10 kills, each server 3; a
                    // shorter run scales them down, never below 2 and 1.
                    double scale = duration.toSeconds() / 900.0;
                    yield new FaultSuite(new FaultSuite.Options(repoRoot, dataDir, portOffset, output, seed,
                            Integer.parseInt(options.getOrDefault("--clients", "8")), duration,
                            Durations.parse(options.getOrDefault("--recovery", "5m")), WorkloadOptions.MIB,
                            Long.parseLong(options.getOrDefault("--max-size-mib", "256")) * WorkloadOptions.MIB,
                            Integer.parseInt(options.getOrDefault("--service-kills", String.valueOf(Math.max(2, Math.round(10 * scale))))),
                            Integer.parseInt(options.getOrDefault("--server-kills", String.valueOf(Math.max(1, Math.round(3 * scale))))),
                            Integer.parseInt(options.getOrDefault("--outages", "1")),
                            Durations.parse(options.getOrDefault("--outage", "30s")), keep, command)).run();
                }
                case "soak" -> new Soak(new Soak.Options(repoRoot, dataDir, portOffset, output, seed,
                        Integer.parseInt(options.getOrDefault("--clients", "32")),
                        Durations.parse(options.getOrDefault("--duration", "15m")),
                        Durations.parse(options.getOrDefault("--warm-up", "3m")), WorkloadOptions.MIB,
                        Long.parseLong(options.getOrDefault("--max-size-mib", "4")) * WorkloadOptions.MIB,
                        Durations.parse(options.getOrDefault("--slow", "5s")), Duration.ofSeconds(15), keep, command)).run();
                default -> new HostileSuite(new HostileSuite.Options(repoRoot, dataDir, portOffset, output,
                        options.containsKey("--api") ? URI.create(options.get("--api")) : null, keep, command)).run();
            };
            System.exit(exit);
        } catch (IllegalArgumentException e) {
            System.err.println("reliability: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("reliability: the run failed: " + e);
            e.printStackTrace();
            System.exit(3);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String name = rest.get(i);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (name.startsWith("--") && i + 1 < rest.size()) {
                options.put(name, rest.get(++i));
            } else {
                throw new IllegalArgumentException("unexpected argument " + name);
            }
        }
        return options;
    }

    /** The repository this jar was built in: glint-reliability/target/glint-reliability.jar is two levels down. */
    static Path repoRoot() {
        String configured = System.getProperty("glint.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    deleteRecursively(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
