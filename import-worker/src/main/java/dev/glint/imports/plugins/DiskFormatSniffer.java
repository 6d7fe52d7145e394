package dev.glint.imports.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises disk formats by their headers, before qemu-img touches the file. Glance does the same
 * (oslo's format_inspector) so that an image claiming one format cannot be another: qemu-img is
 * always told the claimed format, and this catches, for instance, a qcow2 with a backing file
 * uploaded as "raw", which would be stored unconverted and opened as qcow2 later.
 */
final class DiskFormatSniffer {

    /** Enough for every signature below, including an ISO's at 0x8001. */
    private static final int HEAD = 0x8001 + 5;

    private DiskFormatSniffer() {
    }

    /** The Glance disk_format the file's header shows, or empty when none is recognised. */
    static Optional<String> sniff(Path file) throws IOException {
        byte[] h;
        try (InputStream in = Files.newInputStream(file)) {
            h = in.readNBytes(HEAD);
        }
        if (at(h, 0, new byte[] {'Q', 'F', 'I', (byte) 0xfb})) {
            return Optional.of("qcow2");
        }
        if (at(h, 0, ascii("KDMV")) || at(h, 0, ascii("# Disk DescriptorFile"))) {
            return Optional.of("vmdk");
        }
        if (at(h, 0, ascii("vhdxfile"))) {
            return Optional.of("vhdx");
        }
        if (at(h, 0, ascii("conectix"))) {
            return Optional.of("vhd");
        }
        if (at(h, 0x40, new byte[] {0x7f, 0x10, (byte) 0xda, (byte) 0xbe})) {
            return Optional.of("vdi");
        }
        if (at(h, 0, new byte[] {'Q', 'E', 'D', 0})) {
            return Optional.of("qed");
        }
        if (at(h, 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})) {
            return Optional.of("luks");
        }
        if (at(h, 0, ascii("WithoutFreeSpace")) || at(h, 0, ascii("WithouFreSpacExt"))) {
            return Optional.of("ploop");
        }
        if (at(h, 0x8001, ascii("CD001"))) {
            return Optional.of("iso");
        }
        return Optional.empty();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean at(byte[] h, int offset, byte[] magic) {
        if (h.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (h[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
