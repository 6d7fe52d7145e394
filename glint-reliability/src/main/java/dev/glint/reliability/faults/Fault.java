package dev.glint.reliability.faults;

import java.time.Duration;

/**
 * One fault of a plan, {@code at} after the workload started: a SIGKILL of a service or server, or
 * an outage of a server (stopped, then started after {@code outage}).
 *
 * @param viaRestart for a kill: {@code ./glint restart NAME --kill} (the operator's way); otherwise
 *                   {@code kill -KILL} of the pid {@code ./glint status} names, so that the
 *                   supervisor has to notice the death and start the process again by itself
 */
public record Fault(Duration at, Kind kind, String target, boolean viaRestart, Duration outage) {

    public enum Kind { KILL, OUTAGE }

    public String describe() {
        return switch (kind) {
            case KILL -> "SIGKILL " + target + (viaRestart ? " (./glint restart --kill)" : " (kill -KILL, supervisor restarts)");
            case OUTAGE -> target + " down for " + outage.toSeconds() + " s";
        };
    }
}
