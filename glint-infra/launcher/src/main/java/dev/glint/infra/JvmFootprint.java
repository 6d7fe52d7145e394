package dev.glint.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much memory each child JVM may take: the heap each one needs (measured with
 * bench/memory.py, docs/benchmarks.md "Memory and idle CPU") and the flags that keep the rest of a
 * small JVM small. Nine JVMs share one machine under {@code ./glint up}, so what matters is the
 * sum of their proportional set sizes, not one JVM's peak throughput.
 */
final class JvmFootprint {

    /**
     * For every child JVM. The serial collector has no concurrent threads and the smallest
     * bookkeeping (G1 costs a tenth of the heap and wakes up periodically); a small initial heap
     * that grows on demand and gives back what a full collection frees (MaxHeapFreeRatio) keeps
     * an idle JVM near its live set. Thread stacks (-Xss) and the code cache are only reserved,
     * touched pages count, so capping them would save nothing and risk a StackOverflowError in
     * deep reactive chains. The performance counters (jstat's) are sampled once a second instead of
     * every 50 ms, which woke each idle JVM twenty times a second. An application class data sharing
     * archive (quarkus.package.jar.appcds) was tried and left out: it starts a service faster but
     * does not lower its PSS, since no two services can share one.
     */
    private static final List<String> COMMON = List.of(
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:PerfDataSamplingInterval=1000",
            "-Djava.awt.headless=true");

    /**
     * Only the C1 compiler, for JVMs whose hot paths are waiting rather than computing: no
     * profiling data in the metaspace, no C2 compilations (their CPU while idle, their arenas).
     * Not for those that hash or copy image data (image-api, upload-worker, import-worker, S3).
     */
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * glibc gives each thread that allocates its own malloc arena (up to 8 per core), which
     * fragment and are seldom given back; two are enough for the little these JVMs allocate outside
     * the heap.
     */
    static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private JvmFootprint() {
    }

    /** A Glint service: its heap, and whether its hot paths need C2 (see {@link #C1_ONLY}). */
    static List<String> service(String name) {
        return switch (name) {
            // Streams and hashes (MD5 and sha512) every upload and download.
            case "image-api" -> options("-Xms24m", "-Xmx192m");
            // Reads objects back to hash them when glint.upload-worker.verify=reread.
            case "upload-worker" -> options("-Xms16m", "-Xmx128m");
            // Downloads, converts and hashes imported images.
            case "import-worker" -> options("-Xms16m", "-Xmx160m");
            // Database work and Kafka events only.
            case "task-executor", "scrubber" -> options("-Xms16m", "-Xmx96m", C1_ONLY);
            default -> options("-Xms16m", "-Xmx128m");
        };
    }

    /** Kafka: one KRaft node with a handful of small topics; its data lives in the page cache. */
    static List<String> kafka() {
        return options("-Xms32m", "-Xmx256m", C1_ONLY);
    }

    /** S3Proxy: streams objects through fixed buffers, and copies them (keeps C2). */
    static List<String> s3() {
        return options("-Xms16m", "-Xmx128m");
    }

    /** The JVM that starts PostgreSQL and watches its postmaster. */
    static List<String> postgresWatcher() {
        return options("-Xms8m", "-Xmx48m", C1_ONLY);
    }

    /** {@code options} followed by {@code more}. */
    static List<String> withOptions(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    private static List<String> options(String... specific) {
        return withOptions(COMMON, specific);
    }
}
