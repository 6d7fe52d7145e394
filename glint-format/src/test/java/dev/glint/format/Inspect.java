package dev.glint.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the inspector over a file or bytes, in chunks of a given size. */
final class Inspect {

    private Inspect() {
    }

    static Inspection file(Path file, String diskFormat, FormatRules rules, int chunk) throws IOException {
        FormatInspector inspector = new FormatInspector(rules, diskFormat, "bare");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[chunk];
            int n;
            while ((n = in.readNBytes(buffer, 0, chunk)) > 0) {
                inspector.update(buffer, 0, n);
            }
        }
        return inspector.finish();
    }

    static Inspection file(Path file, String diskFormat) throws IOException {
        return file(file, diskFormat, FormatRules.defaults(), 65536);
    }

    static Inspection bytes(byte[] data, String diskFormat, String containerFormat, FormatRules rules) {
        FormatInspector inspector = new FormatInspector(rules, diskFormat, containerFormat);
        inspector.update(data, 0, data.length);
        return inspector.finish();
    }
}
