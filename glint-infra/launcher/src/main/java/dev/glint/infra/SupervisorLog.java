package dev.glint.infra;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The supervisor's lines in the launcher's output ({@code logs/glint.log} of a detached run), with the time. */
final class SupervisorLog {

    private final PrintStream out;

    SupervisorLog(PrintStream out) {
        this.out = out;
    }

    synchronized void info(String format, Object... args) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " glint: " + String.format(format, args));
        out.flush();
    }
}
