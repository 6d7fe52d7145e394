package dev.glint.reliability.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

    @TempDir
    Path dir;

    @Test
    void aRunReplacesOnlyItsOwnSection() throws Exception {
        Path doc = dir.resolve("reliability.md");
        Files.writeString(doc, "# Title\n\nprose\n\n<!-- faults: begin -->\nold\n<!-- faults: end -->\n\nmore prose\n");
        ReportFile.replaceSection(doc, "faults", "new figures\n");
        ReportFile.replaceSection(doc, "soak", "soak figures");
        assertEquals("# Title\n\nprose\n\n<!-- faults: begin -->\nnew figures\n<!-- faults: end -->\n\nmore prose\n\n"
                + "<!-- soak: begin -->\nsoak figures\n<!-- soak: end -->\n", Files.readString(doc));
    }
}
