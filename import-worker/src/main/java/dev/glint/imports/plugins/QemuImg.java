package dev.glint.imports.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code qemu-img} program (Debian package qemu-utils). {@code info} runs under the same
 * limits Glance puts on it (1 GiB of address space, 30 s of CPU, via prlimit when present), since
 * it parses untrusted image headers; {@code convert} runs with a wall-clock timeout.
 */
public final class QemuImg {

    public static final String NOT_INSTALLED =
            "image conversion needs qemu-img (Debian package qemu-utils), which is not installed";

    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> INFO_LIMITS = List.of("--as=1073741824", "--cpu=30");
    private static final int MAX_MESSAGE = 2000;

    private final String program;
    private final ObjectMapper json = new ObjectMapper();

    /** @param program "qemu-img" to look it up in PATH, or a path to the program */
    public QemuImg(String program) {
        this.program = program;
    }

    /** The first line of {@code qemu-img --version}, or empty when it cannot be run. */
    public Optional<String> version() {
        try {
            Result r = run("--version", List.of(program, "--version"), VERSION_TIMEOUT);
            if (r.exitCode != 0) {
                return Optional.empty();
            }
            String first = r.stdout.lines().findFirst().orElse("").trim();
            return Optional.of(first.isEmpty() ? "qemu-img" : first);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the image's header with the given qemu-img driver only ({@code -f}): letting qemu-img
     * guess the format is what makes a "raw" upload that is really a qcow2 dangerous.
     */
    public QemuImgInfo info(Path image, String driver) throws IOException {
        List<String> command = new ArrayList<>();
        Optional<String> prlimit = onPath("prlimit");
        if (prlimit.isPresent()) {
            command.add(prlimit.get());
            command.addAll(INFO_LIMITS);
        }
        command.addAll(List.of(program, "info", "-f", driver, "--output=json", image.toString()));
        Result r = run("info", command, INFO_TIMEOUT);
        if (r.exitCode != 0) {
            throw new ConversionException("qemu-img cannot read the image as " + driver + ": " + r.message());
        }
        JsonNode root = json.readTree(r.stdout);
        JsonNode data = root.path("format-specific").path("data");
        return new QemuImgInfo(
                root.path("format").asText(""),
                root.path("virtual-size").asLong(-1),
                text(root, "backing-filename").or(() -> text(root, "full-backing-filename")),
                text(data, "data-file"),
                root.path("format").asText("").equals("vmdk") ? text(data, "create-type") : Optional.empty());
    }

    /** {@code qemu-img convert -f <from> -O <to> source target}; the target must not exist yet. */
    public void convert(Path source, String fromDriver, Path target, String toDriver, Duration timeout)
            throws IOException {
        Result r = run("convert", List.of(program, "convert", "-f", fromDriver, "-O", toDriver,
                source.toString(), target.toString()), timeout);
        if (r.exitCode != 0) {
            throw new ConversionException("qemu-img could not convert the image from " + fromDriver + " to "
                    + toDriver + ": " + r.message());
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String message() {
            String m = stderr.isBlank() ? stdout : stderr;
            m = m.strip();
            return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
        }
    }

    /** Runs a command with its output in temp files (no pipe can fill up and block it). */
    private static Result run(String action, List<String> command, Duration timeout) throws IOException {
        Path out = Files.createTempFile("glint-qemu-img", ".out");
        Path err = Files.createTempFile("glint-qemu-img", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new ConversionException("qemu-img was interrupted", e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new ConversionException("qemu-img " + action + " took longer than " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        // Bounded: qemu-img's JSON is small, and an error message needs no more.
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
        }
    }
}
