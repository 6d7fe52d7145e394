package dev.glint.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** qemu-img, which the image-conversion plugin needs; CI installs it (qemu-utils), elsewhere it may be missing. */
final class QemuImg {

    private static Boolean installed;

    private QemuImg() {
    }

    static synchronized boolean installed() {
        if (installed == null) {
            try {
                Process process = new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                installed = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                installed = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                installed = false;
            }
        }
        return installed;
    }

    /** Skips the test without qemu-img, except in CI, where it must be there. */
    static void require() {
        if (installed()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("qemu-img is missing; .ci/run installs it with apt-get install -y qemu-utils");
        }
        Assumptions.abort("qemu-img is not installed (apt-get install -y qemu-utils)");
    }

    static void run(List<String> arguments) {
        try {
            Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(arguments + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A qcow2 image of {@code virtualMib} MiB whose first MiB holds {@code data}. */
    static Path qcow2(Path dir, byte[] data, int virtualMib) throws IOException {
        Path raw = dir.resolve("disk.raw");
        java.nio.file.Files.write(raw, data);
        run(List.of("truncate", "-s", virtualMib + "M", raw.toString()));
        Path qcow2 = dir.resolve("disk.qcow2");
        run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString()));
        return qcow2;
    }
}
