package dev.glint.imports.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.glint.format.FormatRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What image-conversion says where qemu-img is missing (here: pointed at a program that is not there). */
class ImageConversionWithoutQemuImgTest {

    private final ImageConversion conversion = new ImageConversion(new QemuImg("/nonexistent/qemu-img"), "raw",
            FormatRules.defaults(), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    @Test
    void reportsItselfUnavailableWithTheReason() {
        ImageConversion.Availability a = conversion.availability();
        assertFalse(a.available());
        assertEquals("image conversion needs qemu-img (Debian package qemu-utils), which is not installed", a.message());
    }

    @Test
    void convertFailsWithTheSameReason() throws Exception {
        Path image = Files.write(dir.resolve("disk.qcow2"), new byte[512]);
        ConversionException e = assertThrows(ConversionException.class,
                () -> conversion.convert(image, "qcow2", dir.resolve("out.raw")));
        assertEquals("image conversion needs qemu-img (Debian package qemu-utils), which is not installed", e.getMessage());
    }

    @Test
    void onlyGlancesOutputFormatsAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageConversion(new QemuImg("qemu-img"), "vhd", FormatRules.defaults(), Duration.ofMinutes(1)));
        assertEquals("glint.import.conversion.output-format is vhd; it must be raw, qcow2 or vmdk", e.getMessage());
    }
}
