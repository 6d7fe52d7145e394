package dev.glint.infra;

import java.time.Duration;

/**
 * How long the supervisor waits before it starts a dead process again, as a kubelet does with a
 * crash loop: the first restart after {@code initial}, each further one after twice the wait
 * before, at most {@code max}; a process that ran {@code stableAfter} before it died starts the
 * count again, so one crash a day never waits long.
 */
final class RestartBackoff {

    private final Duration initial;
    private final Duration max;
    private final Duration stableAfter;
    private int failures;

    RestartBackoff(Duration initial, Duration max, Duration stableAfter) {
        this.initial = initial;
        this.max = max;
        this.stableAfter = stableAfter;
    }

    static RestartBackoff standard() {
        return new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The wait before the next start of a process that ended after running {@code ranFor}. */
    Duration afterExit(Duration ranFor) {
        if (ranFor.compareTo(stableAfter) >= 0) {
            failures = 0;
        }
        return next();
    }

    /** The wait before the next try after a start that failed. */
    Duration afterFailedStart() {
        return next();
    }

    /** An operator's start or restart: the next crash waits the initial time again. */
    void reset() {
        failures = 0;
    }

    private Duration next() {
        Duration wait = initial;
        for (int i = 0; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        failures++;
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
