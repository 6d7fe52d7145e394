package dev.glint.format;

import static dev.glint.format.Bytes.u16le;
import static dev.glint.format.Bytes.u32le;
import static dev.glint.format.Bytes.u64le;

import java.util.stream.Collectors;

/**
 * VMDK, from VMware's Virtual Disk Format 1.1: a hosted sparse extent (the little-endian
 * {@code KDMV} header with its embedded descriptor, monolithicSparse; with its grain directory in
 * a footer at the end, streamOptimized), or a text descriptor file. A text descriptor is
 * recognised the way qemu probes one: comment lines, then {@code version=1}, 2 or 3.
 *
 * <p>Refused: a create type not in {@code vmdk-allowed-types} (or none); a parent disk; a
 * descriptor that names its data in other files (every extent of a descriptor file does; the one
 * extent of a single-file VMDK must be itself, a plain file name); descriptor lines that cannot be
 * read; version 3 ({@code COWD}) sparse extents; header fields out of range; a streamOptimized
 * image without its footer and end-of-stream marker.
 */
final class VmdkProbe extends Probe {

    private static final long GD_AT_END = -1L;
    private static final int SECTOR = 512;
    /** QEMU's limit on a descriptor, embedded or in a file of its own. */
    private static final long MAX_DESCRIPTOR = 1L << 20;
    /** qemu looks for a text descriptor's {@code version=} line in the first 2 KiB. */
    private static final int TEXT_PROBE_WINDOW = 2048;
    private static final int MARKER_EOS = 0;
    private static final int MARKER_FOOTER = 3;

    private final FormatRules rules;
    private final VmdkDescriptor descriptor = new VmdkDescriptor();
    private final LineReader text;
    private boolean sparseDecided;
    private boolean sparse;
    private boolean textDecided;
    private boolean textFile;
    private long version;
    private long descriptorSector;
    private long descriptorSectors;
    private long grainDirectory;
    private long capacity;

    VmdkProbe(FormatRules rules) {
        this.rules = rules;
        capture(0, SECTOR, 4, "sparse extent header", this::header);
        text = new LineReader(0, MAX_DESCRIPTOR + 1, this::textLine, this::textEnded);
        read(text);
    }

    @Override
    ImageFormat format() {
        return ImageFormat.VMDK;
    }

    private void header(byte[] h) {
        sparseDecided = true;
        if (Bytes.at(h, 0, "COWD")) {
            sparse = true;
            match();
            text.stop();
            violation(Refusal.Reason.UNSUPPORTED_FORMAT, "The image data is a VMDK version 3 (COWD) sparse extent, which"
                    + " can name a parent disk; only single-file VMDK (" + allowed() + ") is accepted");
            return;
        }
        if (!Bytes.at(h, 0, "KDMV")) {
            decide();
            return;
        }
        sparse = true;
        match();
        text.stop();
        if (h.length < SECTOR) {
            truncated("sparse extent header", 0, SECTOR, position());
            return;
        }
        version = u32le(h, 4);
        if (version < 1 || version > 3) {
            inconsistent("sparse extent version " + version + " (1 to 3 exist)");
            return;
        }
        capacity = u64le(h, 12);
        long grain = u64le(h, 20);
        descriptorSector = u64le(h, 28);
        descriptorSectors = u64le(h, 36);
        grainDirectory = u64le(h, 56);
        int compression = u16le(h, 77);
        if (capacity < 0 || capacity > Long.MAX_VALUE / SECTOR) {
            inconsistent("an absurd capacity of " + Bytes.unsigned(capacity) + " sectors");
            return;
        }
        virtualSize(capacity * SECTOR);
        if (grain <= 0 || Long.bitCount(grain) != 1 || grain > (1L << 20)) {
            inconsistent("a grain of " + Bytes.unsigned(grain) + " sectors");
        }
        if (compression != 0 && compression != 1) {
            inconsistent("compression algorithm " + compression + " (0 and 1 exist)");
        }
        if (descriptorSector == 0 || descriptorSectors == 0) {
            violation(Refusal.Reason.VMDK_EXTENT, "The image data is a VMDK sparse extent without an embedded descriptor:"
                    + " it is one extent of a disk described in another file");
            return;
        }
        if (descriptorSector < 1 || descriptorSectors < 0 || descriptorSectors > MAX_DESCRIPTOR / SECTOR
                || descriptorSector > Long.MAX_VALUE / SECTOR) {
            inconsistent("an embedded descriptor of " + Bytes.unsigned(descriptorSectors) + " sectors at sector "
                    + Bytes.unsigned(descriptorSector));
            return;
        }
        read(new LineReader(descriptorSector * SECTOR, descriptorSectors * SECTOR, descriptor::line, end -> {
            if (end == LineReader.End.DATA_ENDED) {
                truncated("embedded descriptor", descriptorSector * SECTOR, (descriptorSector + descriptorSectors) * SECTOR,
                        position());
            } else if (end == LineReader.End.LINE_TOO_LONG || end == LineReader.End.NOT_TEXT) {
                inconsistent("its embedded descriptor is not text");
            } else {
                checkDescriptor(false);
            }
        }));
    }

    private void textLine(String line) {
        if (textDecided) {
            descriptor.line(line);
            return;
        }
        String probe = line.strip();
        if (probe.isEmpty() || probe.startsWith("#")) {
            descriptor.line(line);
            if (text.next() > TEXT_PROBE_WINDOW) {
                notText();
            }
            return;
        }
        if (probe.equals("version=1") || probe.equals("version=2") || probe.equals("version=3")) {
            textDecided = true;
            textFile = true;
            match();
            descriptor.line(line);
        } else {
            notText();
        }
    }

    private void notText() {
        textDecided = true;
        text.stop();
        decide();
    }

    private void textEnded(LineReader.End end) {
        if (!textFile) {
            textDecided = true;
            decide();
            return;
        }
        switch (end) {
            case LENGTH -> inconsistent("its descriptor file is larger than " + MAX_DESCRIPTOR + " bytes");
            case LINE_TOO_LONG -> inconsistent("its descriptor has a line longer than " + LineReader.MAX_LINE + " bytes");
            default -> checkDescriptor(true);
        }
    }

    /** Neither a sparse extent nor a descriptor file, once both are known. */
    private void decide() {
        if (sparseDecided && textDecided && !sparse && !textFile) {
            noMatch();
        }
    }

    private void checkDescriptor(boolean descriptorFile) {
        String type = descriptor.createType();
        if (descriptor.unreadable() != null) {
            inconsistent("its descriptor cannot be read at " + descriptor.unreadable());
            return;
        }
        if (type == null) {
            violation(Refusal.Reason.VMDK_CREATE_TYPE, "The image data is a VMDK image whose descriptor names no create"
                    + " type");
            return;
        }
        if (!rules.vmdkTypeAllowed(type)) {
            violation(Refusal.Reason.VMDK_CREATE_TYPE, "The image data is a VMDK image of create type "
                    + Bytes.printable(type) + ", which is not allowed (allowed: " + allowed() + "; "
                    + FormatRules.KEY_VMDK_TYPES + ")");
            return;
        }
        String parent = descriptor.parent();
        if (parent != null) {
            violation(Refusal.Reason.BACKING_FILE, "The image data is a VMDK image with a parent disk (" + parent
                    + "): qemu-img and the hypervisor would read that file on their host");
            return;
        }
        if (descriptor.extents().isEmpty()) {
            inconsistent("its descriptor names no extent");
            return;
        }
        if (descriptorFile) {
            VmdkDescriptor.Extent first = descriptor.extents().get(0);
            violation(Refusal.Reason.VMDK_EXTENT, "The image data is a VMDK descriptor whose data lies in other files"
                    + " (extent " + (first.file() == null ? first.type() : "\"" + Bytes.printable(first.file()) + "\"")
                    + "): qemu-img would read them on its host");
            return;
        }
        if (descriptor.extents().size() != 1) {
            violation(Refusal.Reason.VMDK_EXTENT, "The image data is a VMDK image whose descriptor names "
                    + descriptor.extents().size() + " extents; a single-file VMDK names one, itself");
            return;
        }
        VmdkDescriptor.Extent extent = descriptor.extents().get(0);
        String file = extent.file();
        if (!extent.type().equals("SPARSE") || file == null || file.isEmpty() || file.contains("/") || file.contains("\\")
                || file.equals("..") || file.equals(".")) {
            violation(Refusal.Reason.VMDK_EXTENT, "The image data is a VMDK image whose descriptor names its data in"
                    + " another file (a " + extent.type() + " extent" + (file == null ? "" : " \"" + Bytes.printable(file)
                    + "\"") + "): qemu-img would read it on its host");
        }
    }

    private String allowed() {
        return rules.vmdkAllowedTypes().isEmpty() ? "none"
                : rules.vmdkAllowedTypes().stream().sorted().collect(Collectors.joining(", "));
    }

    @Override
    void atEnd(long size, Tail tail) {
        if (!sparse || version == 0) {
            return;
        }
        if (grainDirectory == GD_AT_END) {
            streamFooter(size, tail);
        } else if (grainDirectory < 0 || grainDirectory > size / SECTOR) {
            pastEnd("grain directory", grainDirectory * SECTOR, grainDirectory * SECTOR + 1, size);
        }
    }

    /**
     * A streamOptimized image ends with a footer marker, a copy of the header that holds the real
     * grain directory offset, and an end-of-stream marker, 512 bytes each.
     */
    private void streamFooter(long size, Tail tail) {
        byte[] end = tail.last(3 * SECTOR);
        boolean markers = end != null
                && u32le(end, 8) == 0 && u32le(end, 12) == MARKER_FOOTER && Bytes.zero(end, 16, SECTOR)
                && Bytes.at(end, SECTOR, "KDMV")
                && Bytes.zero(end, 2 * SECTOR, 3 * SECTOR) && u32le(end, 2 * SECTOR + 12) == MARKER_EOS;
        if (!markers) {
            violation(Refusal.Reason.TRUNCATED, "The image data is a streamOptimized VMDK image without its footer and"
                    + " end-of-stream marker: it is truncated");
            return;
        }
        long footerVersion = u32le(end, SECTOR + 4);
        long footerCapacity = u64le(end, SECTOR + 12);
        long footerDescriptor = u64le(end, SECTOR + 28);
        long footerDescriptorSectors = u64le(end, SECTOR + 36);
        long footerDirectory = u64le(end, SECTOR + 56);
        if (footerVersion != version || footerDescriptor != descriptorSector
                || footerDescriptorSectors != descriptorSectors) {
            inconsistent("its footer disagrees with its header");
            return;
        }
        if (footerDirectory == GD_AT_END || footerDirectory < 0 || footerDirectory > (size - 3 * SECTOR) / SECTOR) {
            inconsistent("its footer places the grain directory at sector " + Bytes.unsigned(footerDirectory));
            return;
        }
        if (footerCapacity < 0 || footerCapacity > Long.MAX_VALUE / SECTOR) {
            inconsistent("an absurd capacity of " + Bytes.unsigned(footerCapacity) + " sectors in its footer");
            return;
        }
        virtualSize(footerCapacity * SECTOR);
    }
}
