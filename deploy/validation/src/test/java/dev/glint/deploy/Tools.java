package dev.glint.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command-line tools the validation runs: kubectl (kustomize), node and npm. */
final class Tools {

    static final Path ROOT = Path.of(System.getProperty("glint.repo.root", "../..")).toAbsolutePath().normalize();

    private Tools() {
    }

    /**
     * Skips the test when TOOL is missing, except in CI (CI=true), where a missing tool must fail
     * the build rather than hide the validation.
     */
    static void require(String tool, String install) {
        boolean present = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream()
                .anyMatch(dir -> Path.of(dir, tool).toFile().canExecute());
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(tool + " is missing (" + install + "); CI must validate the manifests");
        }
        assumeTrue(present, tool + " is missing (" + install + "): manifest validation skipped");
    }

    /** Runs a command in DIR and returns its standard output; a non-zero exit is an exception. */
    static String run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Result result = runAllowingFailure(dir, timeoutSeconds, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    record Result(int exitCode, String output) {
    }

    static Result runAllowingFailure(Path dir, long timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
