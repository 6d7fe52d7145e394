package dev.glint.infra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the end of a child's log file, for error messages and readiness checks. */
final class LogTail {

    private LogTail() {
    }

    /** The last {@code lines} lines of the file, or a note why there are none. */
    static String lastLines(Path file, int lines) {
        String text = readFrom(file, Math.max(0, size(file) - 64 * 1024));
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines - 1);
        String tail = String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length)).strip();
        return tail.isEmpty() ? "(" + file + " is empty)" : tail;
    }

    /** Whether the file contains {@code text} after byte offset {@code from}. */
    static boolean contains(Path file, long from, String text) {
        return readFrom(file, from).contains(text);
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readFrom(Path file, long offset) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (offset >= length) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 16 * 1024 * 1024)];
            raf.seek(offset);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
