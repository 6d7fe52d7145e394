package dev.glint.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command the end-to-end tests run as a user would (the openstack CLI, a Python script, ./glint). */
final class Command {

    /** What the command printed: standard output, then standard error. */
    record Outcome(int exitCode, String output, String errors) {
    }

    private Command() {
    }

    static Outcome run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path out = Files.createTempFile("glint-e2e", ".out");
            Path err = Files.createTempFile("glint-e2e", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs the command and returns its standard output; fails the test unless it exits with 0. */
    static String succeed(List<String> command, Map<String, String> environment, Duration timeout) {
        Outcome outcome = run(command, environment, timeout);
        if (outcome.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + outcome.exitCode() + "): "
                    + outcome.output() + outcome.errors());
        }
        return outcome.output();
    }
}
