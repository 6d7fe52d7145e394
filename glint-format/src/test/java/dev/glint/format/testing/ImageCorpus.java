package dev.glint.format.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;

/**
 * Real disk images for tests, made with the tools that make them in the field: {@code qemu-img}
 * (Debian's qemu-utils), {@code xorriso} and {@code genisoimage}; and attacks made from them by
 * changing a few bytes where the formats' specifications say. CI installs the tools and must run
 * the tests ({@code CI=true}); elsewhere a test without them is skipped, saying what to install.
 */
public final class ImageCorpus {

    public static final String INSTALL = "apt-get install -y qemu-utils xorriso genisoimage";
    private static Boolean installed;

    private final Path dir;

    public ImageCorpus(Path dir) {
        this.dir = dir;
    }

    public static void requireTools() {
        if (toolsInstalled()) {
            return;
        }
        String message = "qemu-img, xorriso or genisoimage is missing; install them with: " + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }

    public static synchronized boolean toolsInstalled() {
        if (installed == null) {
            installed = runs("qemu-img", "--version") && runs("xorriso", "-version") && runs("genisoimage", "--version");
        }
        return installed;
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    /** {@code qemu-img create -f format [-o options] name size}. */
    public Path create(String name, String format, String size, String... options) {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        if (options.length > 0) {
            command.addAll(List.of("-o", String.join(",", options)));
        }
        command.addAll(List.of(file.toString(), size));
        run(command);
        return file;
    }

    /** A child image of {@code backing}: {@code qemu-img create -f format -b backing -F backingFormat}. */
    public Path createWithBacking(String name, String format, Path backing, String backingFormat) {
        Path file = dir.resolve(name);
        run(List.of("qemu-img", "create", "-q", "-f", format, "-b", backing.toString(), "-F", backingFormat,
                file.toString()));
        return file;
    }

    /** {@code qemu-img convert -f raw -O format [-o options] source name}. */
    public Path convert(Path raw, String name, String format, String... options) {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw", "-O", format));
        if (options.length > 0) {
            command.addAll(List.of("-o", String.join(",", options)));
        }
        command.addAll(List.of(raw.toString(), file.toString()));
        run(command);
        return file;
    }

    /** A raw disk of {@code size} bytes whose first {@code data} bytes are random (seeded), the rest zeros. */
    public Path raw(String name, long size, int data, long seed) throws IOException {
        Path file = dir.resolve(name);
        byte[] head = new byte[data];
        new Random(seed).nextBytes(head);
        Files.write(file, head);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    /** An ISO 9660 image of a small directory, made with genisoimage. */
    public Path genisoimage(String name) throws IOException {
        Path file = dir.resolve(name);
        run(List.of("genisoimage", "-quiet", "-o", file.toString(), content().toString()));
        return file;
    }

    /** An ISO image made with {@code xorriso -as mkisofs} and the given options (a hybrid MBR or GPT, say). */
    public Path xorriso(String name, String... options) throws IOException {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet"));
        command.addAll(List.of(options));
        command.addAll(List.of("-o", file.toString(), content().toString()));
        run(command);
        return file;
    }

    private Path content() throws IOException {
        Path content = dir.resolve("iso-content");
        Files.createDirectories(content);
        Files.writeString(content.resolve("README.TXT"), "glint test disc\n");
        return content;
    }

    /** The virtual size qemu-img reports, reading the file with the given driver. */
    public static long qemuVirtualSize(Path file, String driver) {
        String json = run(List.of("qemu-img", "info", "-f", driver, "--output=json", file.toString()));
        Matcher m = Pattern.compile("\"virtual-size\":\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("qemu-img info gave no virtual size: " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** A copy of {@code source} under a new name. */
    public Path copy(Path source, String name) throws IOException {
        return Files.copy(source, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A copy of {@code source} with {@code bytes} written at {@code offset}. */
    public Path patched(Path source, String name, long offset, byte... bytes) throws IOException {
        Path file = copy(source, name);
        patch(file, offset, bytes);
        return file;
    }

    public static void patch(Path file, long offset, byte... bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    /** A copy of the first {@code size} bytes of {@code source}. */
    public Path truncated(Path source, String name, long size) throws IOException {
        Path file = copy(source, name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    /** A copy of {@code source} followed by {@code tail}. */
    public Path appended(Path source, String name, byte[] tail) throws IOException {
        Path file = copy(source, name);
        Files.write(file, tail, java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    /**
     * A copy of a sparse VMDK whose embedded descriptor is {@code descriptor} (NUL-padded to the
     * descriptor's size, which the header gives in sectors at offset 36, from sector 1).
     */
    public Path withVmdkDescriptor(Path sparse, String name, String descriptor) throws IOException {
        Path file = copy(sparse, name);
        byte[] header = read(file, 0, 512);
        long sectors = header[36] & 0xff | (header[37] & 0xff) << 8;
        byte[] text = descriptor.getBytes(StandardCharsets.US_ASCII);
        if (text.length > sectors * 512) {
            throw new IllegalArgumentException("descriptor longer than " + sectors + " sectors");
        }
        byte[] padded = new byte[(int) sectors * 512];
        System.arraycopy(text, 0, padded, 0, text.length);
        patch(file, 512, padded);
        return file;
    }

    /** The embedded descriptor of a sparse VMDK made by qemu-img, as text. */
    public static String vmdkDescriptor(Path sparse) throws IOException {
        byte[] d = read(sparse, 512, 20 * 512);
        int end = 0;
        while (end < d.length && d[end] != 0) {
            end++;
        }
        return new String(d, 0, end, StandardCharsets.US_ASCII);
    }

    public static byte[] read(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] out = new byte[length];
            f.seek(offset);
            f.readFully(out);
            return out;
        }
    }

    /**
     * A raw disk of {@code sectors} 512-byte sectors with a protective MBR and a valid GPT header
     * (no partition entries filled in): what a partitioning tool writes first.
     */
    public Path gptDisk(String name, long sectors) throws IOException {
        Path file = raw(name, sectors * 512, 0, 0);
        byte[] mbr = new byte[512];
        int at = 446;
        mbr[at + 2] = 2; // start CHS 0/0/2
        mbr[at + 4] = (byte) 0xee;
        mbr[at + 5] = (byte) 0xff;
        mbr[at + 6] = (byte) 0xff;
        mbr[at + 7] = (byte) 0xff;
        le32(mbr, at + 8, 1);
        le32(mbr, at + 12, sectors - 1 > 0xffffffffL ? 0xffffffffL : sectors - 1);
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xaa;
        patch(file, 0, mbr);
        byte[] gpt = new byte[512];
        System.arraycopy("EFI PART".getBytes(StandardCharsets.US_ASCII), 0, gpt, 0, 8);
        le32(gpt, 8, 0x00010000L);
        le32(gpt, 12, 92);
        le64(gpt, 24, 1);
        le64(gpt, 32, sectors - 1);
        le64(gpt, 40, 34);
        le64(gpt, 48, sectors - 34);
        le64(gpt, 72, 2);
        le32(gpt, 80, 128);
        le32(gpt, 84, 128);
        CRC32 crc = new CRC32();
        crc.update(gpt, 0, 92);
        le32(gpt, 16, crc.getValue());
        patch(file, 512, gpt);
        return file;
    }

    /** A raw disk with a PC partition table of one bootable Linux partition. */
    public Path mbrDisk(String name, long sectors) throws IOException {
        Path file = raw(name, sectors * 512, 0, 0);
        byte[] mbr = new byte[512];
        mbr[0] = (byte) 0xfa; // cli: boot code, no BIOS parameter block
        int at = 446;
        mbr[at] = (byte) 0x80;
        mbr[at + 2] = 0x21;
        mbr[at + 4] = (byte) 0x83;
        le32(mbr, at + 8, 2048);
        le32(mbr, at + 12, sectors - 2048);
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xaa;
        patch(file, 0, mbr);
        return file;
    }

    public static void le32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void le64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void be32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * (3 - i)));
        }
    }

    public static byte[] be64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * (7 - i)));
        }
        return b;
    }

    public static byte[] be32(long v) {
        byte[] b = new byte[4];
        be32(b, 0, v);
        return b;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
