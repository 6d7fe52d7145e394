package dev.glint.reliability.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every request a run made: per kind of call the count, the answers by status class, connection
 * failures, the slowest, and the calls that took longer than a bound or answered with a 5xx.
 */
public final class RequestLog {

    /** Per kind of call ("PUT /file", "GET /images", ...). */
    public static final class Kind {
        long count;
        long status2xx;
        long status4xx;
        long status5xx;
        long failed;
        long slow;
        Duration slowest = Duration.ZERO;
        final List<Duration> samples = new ArrayList<>();

        public long count() {
            return count;
        }

        public long status5xx() {
            return status5xx;
        }

        public long failed() {
            return failed;
        }

        public long slow() {
            return slow;
        }

        public long status2xx() {
            return status2xx;
        }

        public long status4xx() {
            return status4xx;
        }

        public Duration slowest() {
            return slowest;
        }

        /** The q-quantile (0..1) of the recorded times. */
        public Duration quantile(double q) {
            if (samples.isEmpty()) {
                return Duration.ZERO;
            }
            List<Duration> sorted = new ArrayList<>(samples);
            sorted.sort(null);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
        }
    }

    /** One request that went wrong, kept for the report. */
    public record Incident(String kind, int status, Duration elapsed, String detail) {
    }

    private static final int MAX_SAMPLES = 200_000;
    private static final int MAX_INCIDENTS = 200;

    private final Map<String, Kind> kinds = new TreeMap<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final Duration slowBound;
    private volatile boolean measuring = true;
    private long warmUpRequests;
    private long warmUpServerErrors;

    public RequestLog(Duration slowBound) {
        this.slowBound = slowBound;
    }

    /**
     * While not measuring (a warm-up) requests only count, and so do their 5xx answers (which are
     * never excused); their times and the rest of their answers are left out.
     */
    public synchronized void measuring(boolean on) {
        measuring = on;
    }

    /** {@code status} -1: no answer (connection refused, reset, timed out). */
    public synchronized void record(String kind, int status, Duration elapsed, String detail) {
        if (!measuring) {
            warmUpRequests++;
            if (status >= 500) {
                warmUpServerErrors++;
                if (incidents.size() < MAX_INCIDENTS) {
                    incidents.add(new Incident(kind + " (warm-up)", status, elapsed, detail));
                }
            }
            return;
        }
        Kind entry = kinds.computeIfAbsent(kind, k -> new Kind());
        entry.count++;
        if (status < 0) {
            entry.failed++;
        } else if (status >= 500) {
            entry.status5xx++;
        } else if (status >= 400) {
            entry.status4xx++;
        } else {
            entry.status2xx++;
        }
        if (elapsed.compareTo(entry.slowest) > 0) {
            entry.slowest = elapsed;
        }
        if (entry.samples.size() < MAX_SAMPLES) {
            entry.samples.add(elapsed);
        }
        boolean slow = slowBound != null && elapsed.compareTo(slowBound) > 0;
        if (slow) {
            entry.slow++;
        }
        if ((status >= 500 || slow) && incidents.size() < MAX_INCIDENTS) {
            incidents.add(new Incident(kind, status, elapsed, detail));
        }
    }

    public synchronized Map<String, Kind> kinds() {
        return new TreeMap<>(kinds);
    }

    public synchronized List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    public synchronized long warmUpRequests() {
        return warmUpRequests;
    }

    public synchronized long warmUpServerErrors() {
        return warmUpServerErrors;
    }

    public synchronized long total() {
        return kinds.values().stream().mapToLong(kind -> kind.count).sum();
    }
}
