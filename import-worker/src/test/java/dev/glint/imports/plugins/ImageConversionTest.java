package dev.glint.imports.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.glint.format.FormatInspector;
import dev.glint.format.FormatRules;
import dev.glint.format.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-conversion with the real qemu-img on images it creates. Without qemu-img (Debian package
 * qemu-utils) these tests are skipped, except in CI (CI=true), where they fail.
 */
class ImageConversionTest {

    @TempDir
    Path dir;

    private ImageConversion toRaw;

    @BeforeEach
    void requireQemuImg() {
        boolean installed = new QemuImg("qemu-img").version().isPresent();
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail(QemuImg.NOT_INSTALLED + "; CI must install it (.ci/run)");
        }
        Assumptions.assumeTrue(installed, QemuImg.NOT_INSTALLED + "; install it to run these tests");
        toRaw = conversion("raw");
    }

    private static ImageConversion conversion(String outputFormat) {
        return new ImageConversion(new QemuImg("qemu-img"), outputFormat, FormatRules.defaults(), Duration.ofMinutes(2));
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    private Path create(String name, String format, String size, String... options)
            throws IOException, InterruptedException {
        Path image = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        command.addAll(Arrays.asList(options));
        command.addAll(List.of(image.toString(), size));
        exec(command.toArray(String[]::new));
        return image;
    }

    /** Writes a byte pattern into the image through its format (qemu-io is in qemu-utils too). */
    private static void writePattern(Path image, String format, int pattern, String offset, String length)
            throws IOException, InterruptedException {
        exec("qemu-io", "-f", format, "-c", "write -P " + pattern + " " + offset + " " + length, image.toString());
    }

    private static byte[] bytesAt(Path file, long offset, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return in.readNBytes(length);
        }
    }

    private static byte[] filled(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void qcow2IsConvertedToRaw() throws Exception {
        Path qcow2 = create("disk.qcow2", "qcow2", "4M");
        writePattern(qcow2, "qcow2", 0xab, "1M", "64k");
        Path target = dir.resolve("disk.raw");

        ConversionResult result = toRaw.convert(qcow2, "qcow2", target);

        assertTrue(result.converted());
        assertEquals(target, result.output());
        assertEquals("raw", result.diskFormat());
        assertEquals("qcow2", result.detectedFormat());
        assertEquals(4L * 1024 * 1024, result.virtualSize());
        assertEquals(4L * 1024 * 1024, result.size());
        assertEquals(result.size(), Files.size(target));
        assertArrayEquals(filled(0xab, 65536), bytesAt(target, 1024 * 1024, 65536));
        assertArrayEquals(new byte[4096], bytesAt(target, 0, 4096));
        assertTrue(Files.exists(qcow2), "the input is the caller's to remove");
    }

    @Test
    void rawIsConvertedToQcow2WhenThatIsTheOutputFormat() throws Exception {
        Path raw = dir.resolve("disk.raw");
        Files.write(raw, filled(0x5a, 1024 * 1024));
        ConversionResult result = conversion("qcow2").convert(raw, "raw", dir.resolve("disk.qcow2"));
        assertTrue(result.converted());
        assertEquals("qcow2", result.diskFormat());
        assertEquals(1024L * 1024, result.virtualSize());
        byte[] converted = Files.readAllBytes(result.output());
        FormatInspector inspector = new FormatInspector(FormatRules.defaults(), "qcow2", "bare");
        inspector.update(converted, 0, converted.length);
        assertEquals(ImageFormat.QCOW2, inspector.finish().format());
    }

    @Test
    void vmdkAndVhdAreConvertedToRaw() throws Exception {
        Path vmdk = create("disk.vmdk", "vmdk", "2M");
        writePattern(vmdk, "vmdk", 0x11, "0", "4k");
        ConversionResult fromVmdk = toRaw.convert(vmdk, "vmdk", dir.resolve("vmdk.raw"));
        assertEquals("vmdk", fromVmdk.detectedFormat());
        assertArrayEquals(filled(0x11, 4096), bytesAt(fromVmdk.output(), 0, 4096));

        Path vhd = create("disk.vhd", "vpc", "2M");
        ConversionResult fromVhd = toRaw.convert(vhd, "vhd", dir.resolve("vhd.raw"));
        assertEquals("vhd", fromVhd.detectedFormat());
        assertTrue(fromVhd.converted());
        assertEquals(fromVhd.virtualSize(), Files.size(fromVhd.output()));
    }

    @Test
    void anImageAlreadyInTheOutputFormatIsLeftAsItIs() throws Exception {
        Path qcow2 = create("disk.qcow2", "qcow2", "3M");
        Path target = dir.resolve("never.qcow2");
        ConversionResult result = conversion("qcow2").convert(qcow2, "qcow2", target);
        assertFalse(result.converted());
        assertEquals(qcow2, result.output());
        assertEquals(3L * 1024 * 1024, result.virtualSize());
        assertFalse(Files.exists(target));
    }

    @Test
    void qcow2WithABackingFileIsRefused() throws Exception {
        create("base.qcow2", "qcow2", "1M");
        Path overlay = create("overlay.qcow2", "qcow2", "1M", "-b", dir.resolve("base.qcow2").toString(), "-F", "qcow2");
        Path target = dir.resolve("out.raw");
        ConversionException e = assertThrows(ConversionException.class, () -> toRaw.convert(overlay, "qcow2", target));
        assertEquals("image-conversion refuses the image: The image data is a qcow2 image with a backing file ("
                + dir.resolve("base.qcow2") + "): qemu-img and the hypervisor would read that file on their host",
                e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void qcow2WithAnExternalDataFileIsRefused() throws Exception {
        Path image = create("data.qcow2", "qcow2", "1M", "-o", "data_file=" + dir.resolve("data.bin"));
        ConversionException e = assertThrows(ConversionException.class,
                () -> toRaw.convert(image, "qcow2", dir.resolve("out.raw")));
        assertEquals("image-conversion refuses the image: The image data is a qcow2 image with an external data file ("
                + dir.resolve("data.bin") + "): qemu-img and the hypervisor would read that file on their host",
                e.getMessage());
    }

    @Test
    void vmdkOfAFlatCreateTypeIsRefused() throws Exception {
        // monolithicFlat is a text descriptor that names an extent file qemu-img would read.
        Path vmdk = create("flat.vmdk", "vmdk", "1M", "-o", "subformat=monolithicFlat");
        ConversionException e = assertThrows(ConversionException.class,
                () -> toRaw.convert(vmdk, "vmdk", dir.resolve("out.raw")));
        assertEquals("image-conversion refuses the image: The image data is a VMDK image of create type monolithicFlat,"
                + " which is not allowed (allowed: monolithicSparse, streamOptimized;"
                + " glint.image-format.vmdk-allowed-types)", e.getMessage());
    }

    @Test
    void anImageWhoseDataDisagreesWithItsDiskFormatIsRefused() throws Exception {
        Path qcow2 = create("disguised.img", "qcow2", "1M");
        ConversionException e = assertThrows(ConversionException.class,
                () -> toRaw.convert(qcow2, "raw", dir.resolve("out.raw")));
        assertEquals("image-conversion refuses the image: The image's disk_format is raw but its data is a qcow2 image"
                + " (glint.image-format.require-image-format-match)", e.getMessage());
        // Even where uploads tolerate a mismatch, qemu-img is not told a format the data is not.
        ImageConversion tolerant = new ImageConversion(new QemuImg("qemu-img"), "raw",
                FormatRules.defaults().withRequireFormatMatch(false), Duration.ofMinutes(2));
        assertThrows(ConversionException.class, () -> tolerant.convert(qcow2, "raw", dir.resolve("out2.raw")));
    }

    @Test
    void dataThatIsNotTheClaimedFormatNeverReachesQemuImg() throws Exception {
        Path junk = dir.resolve("junk.qcow2");
        Files.write(junk, filled(0x42, 100_000));
        ConversionException e = assertThrows(ConversionException.class,
                () -> toRaw.convert(junk, "qcow2", dir.resolve("out.raw")));
        assertEquals("image-conversion refuses the image: The image's disk_format is qcow2 but its data is not a qcow2"
                + " image (glint.image-format.require-image-format-match)", e.getMessage());
    }

    @Test
    void qemuImgsOwnReadingIsCheckedToo() throws Exception {
        // The inspector lets a monolithicFlat descriptor through only if the operator allows the type;
        // it still refuses one whose extent is another file, before qemu-img reads it.
        Path vmdk = create("flat-allowed.vmdk", "vmdk", "1M", "-o", "subformat=monolithicFlat");
        ImageConversion flatAllowed = new ImageConversion(new QemuImg("qemu-img"), "raw",
                FormatRules.defaults().withVmdkAllowedTypes(java.util.Set.of("monolithicFlat")), Duration.ofMinutes(2));
        ConversionException e = assertThrows(ConversionException.class,
                () -> flatAllowed.convert(vmdk, "vmdk", dir.resolve("out.raw")));
        assertTrue(e.getMessage().contains("data lies in other files"), e.getMessage());
    }

    @Test
    void isoAndKernelImagesAreKept() throws Exception {
        Path aki = dir.resolve("vmlinuz");
        Files.write(aki, filled(0x7f, 5000));
        ConversionResult result = toRaw.convert(aki, "aki", dir.resolve("out.raw"));
        assertFalse(result.converted());
        assertEquals("aki", result.diskFormat());
        assertEquals(5000, result.size());
    }

    @Test
    void unknownDiskFormatsAndMissingOnesAreRefused() throws Exception {
        Path raw = dir.resolve("disk.raw");
        Files.write(raw, new byte[1024]);
        ConversionException unknown = assertThrows(ConversionException.class,
                () -> toRaw.convert(raw, "floppy", dir.resolve("out")));
        assertEquals("image-conversion cannot convert disk_format floppy; qemu-img reads raw, qcow2, vmdk, vdi,"
                + " vhd, vhdx and ploop", unknown.getMessage());
        ConversionException missing = assertThrows(ConversionException.class,
                () -> toRaw.convert(raw, null, dir.resolve("out")));
        assertEquals("image-conversion needs the image's disk_format, which is not set", missing.getMessage());
    }

    @Test
    void availabilityNamesTheVersion() {
        ImageConversion.Availability a = toRaw.availability();
        assertTrue(a.available());
        assertTrue(a.message().startsWith("qemu-img version"), a.message());
    }
}
