package dev.glint.reliability.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/reliability.md is prose written by hand with one generated section per kind of run, between
 * {@code <!-- NAME: begin -->} and {@code <!-- NAME: end -->}; a run replaces only its own section
 * (and appends it when the markers are missing).
 */
public final class ReportFile {

    private ReportFile() {
    }

    public static void replaceSection(Path file, String name, String markdown) throws IOException {
        String begin = "<!-- " + name + ": begin -->";
        String end = "<!-- " + name + ": end -->";
        String text = Files.exists(file) ? Files.readString(file) : "";
        String section = begin + "\n" + markdown.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + section + text.substring(to + end.length());
        } else {
            text = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    /** A markdown table cell: pipes escaped, newlines flattened. */
    public static String cell(Object value) {
        return String.valueOf(value).replace("|", "\\|").replace("\n", " ");
    }
}
