package dev.glint.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server or service running as a child process, its output appended to a log file.
 *
 * <p>The child's stdin stays an open pipe for the child's whole life: {@link ChildMain} exits when
 * it reaches end-of-file, i.e. when this JVM is gone.
 */
final class ChildProcess {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logOffsetAtStart;
    private final Instant startedAt = Instant.now();

    private ChildProcess(String name, Process process, Path logFile, long logOffsetAtStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logOffsetAtStart = logOffsetAtStart;
    }

    static ChildProcess start(String name, List<String> command, Path workingDir, Path logFile,
                              Map<String, String> extraEnvironment) {
        try {
            Files.createDirectories(logFile.getParent());
            long offset = LogTail.size(logFile);
            Files.writeString(logFile, "=== glint: starting " + name + ": " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // The user's own setting, if any, wins over the footprint's.
            JvmFootprint.ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
            builder.environment().putAll(extraEnvironment);
            return new ChildProcess(name, builder.start(), logFile, offset);
        } catch (IOException e) {
            throw new InfrastructureException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Pids of the processes this child started, and theirs. */
    List<Long> descendants() {
        return process.descendants().map(ProcessHandle::pid).toList();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code of a process that has ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** Whether the log has shown {@code text} since this process was started. */
    boolean loggedSinceStart(String text) {
        return LogTail.contains(logFile, logOffsetAtStart, text);
    }

    /**
     * Polls {@code ready} until it holds; fails with the log tail when the child exits first or the
     * timeout passes.
     */
    void awaitReady(String condition, BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new InfrastructureException(name + " exited with code " + process.exitValue()
                        + " before " + condition + "; last lines of " + logFile + ":\n"
                        + LogTail.lastLines(logFile, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(name + " did not reach '" + condition + "' within "
                        + timeout.toSeconds() + " s; last lines of " + logFile + ":\n"
                        + LogTail.lastLines(logFile, 40));
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Asks the child to stop (SIGTERM); see {@link #awaitStopped}. */
    void requestStop() {
        process.destroy();
    }

    /** Waits until the child has stopped, killing it when it takes longer than the grace period. */
    void awaitStopped(Duration grace) {
        try {
            if (!process.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash would. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits at most {@code timeout} for the child to end; whether it has. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    void stop(Duration grace) {
        requestStop();
        awaitStopped(grace);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting", e);
        }
    }
}
