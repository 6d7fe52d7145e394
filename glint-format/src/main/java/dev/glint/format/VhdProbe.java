package dev.glint.format;

import static dev.glint.format.Bytes.u32be;
import static dev.glint.format.Bytes.u64be;

import java.nio.charset.StandardCharsets;

/**
 * VHD (qemu's "vpc"), from Microsoft's Virtual Hard Disk Image Format Specification: a 512-byte
 * big-endian footer ({@code conectix}) at the end of every VHD, copied to the start of dynamic
 * and differencing disks, which also have a dynamic disk header ({@code cxsparse}) and a block
 * allocation table. A fixed VHD is raw data followed by the footer, so it is recognised only at
 * the end of the data (qemu's probe, which looks at the start only, takes it for raw).
 *
 * <p>Refused: differencing disks and dynamic disks with a parent name or locator (a parent disk
 * on the host), disk types that do not exist, a block table that lies past the end of the data
 * or is too small for the disk, and dynamic disks without their trailing footer.
 */
final class VhdProbe extends Probe {

    private static final int FOOTER = 512;
    private static final int DYNAMIC_HEADER = 1024;
    private static final long FIXED = 2;
    private static final long DYNAMIC = 3;
    private static final long DIFFERENCING = 4;
    private static final long MAX_TABLE_ENTRIES = 1L << 29;

    private boolean atStart;
    private boolean fixed;
    private long tableOffset = -1;
    private long tableEntries;

    VhdProbe() {
        capture(0, FOOTER, 8, "footer copy", this::head);
    }

    @Override
    ImageFormat format() {
        return ImageFormat.VHD;
    }

    @Override
    boolean occupiesStart() {
        return !fixed;
    }

    private void head(byte[] footer) {
        if (!Bytes.at(footer, 0, "conectix")) {
            // A fixed VHD keeps its footer at the end only: decided there.
            return;
        }
        atStart = true;
        match();
        if (footer.length < FOOTER) {
            truncated("footer copy", 0, FOOTER, position());
            return;
        }
        long type = u32be(footer, 60);
        if (!size(footer)) {
            return;
        }
        if (type == DIFFERENCING) {
            violation(Refusal.Reason.BACKING_FILE, "The image data is a differencing VHD image, which names a parent"
                    + " disk: qemu-img and the hypervisor would read that file on their host");
            return;
        }
        if (type == FIXED) {
            inconsistent("a fixed disk footer at its start (a fixed VHD has its footer at the end only)");
            return;
        }
        if (type != DYNAMIC) {
            inconsistent("disk type " + type + " (2 to 4 exist)");
            return;
        }
        long headerOffset = u64be(footer, 16);
        if (headerOffset < FOOTER || headerOffset > (1L << 62)) {
            inconsistent("its dynamic disk header at offset " + Bytes.unsigned(headerOffset));
            return;
        }
        capture(headerOffset, DYNAMIC_HEADER, DYNAMIC_HEADER, "dynamic disk header", h -> dynamicHeader(h, footer));
    }

    /** The footer's current size: the virtual size. False when it is absurd. */
    private boolean size(byte[] footer) {
        long current = u64be(footer, 48);
        if (current < 0) {
            inconsistent("an absurd disk size of " + Bytes.unsigned(current) + " bytes");
            return false;
        }
        virtualSize(current);
        return true;
    }

    private void dynamicHeader(byte[] h, byte[] footer) {
        if (!Bytes.at(h, 0, "cxsparse")) {
            inconsistent("no dynamic disk header (cxsparse) where its footer points");
            return;
        }
        tableOffset = u64be(h, 16);
        tableEntries = u32be(h, 28);
        long blockSize = u32be(h, 32);
        if (Long.bitCount(blockSize) != 1 || blockSize < 512) {
            inconsistent("a block size of " + blockSize + " bytes");
            return;
        }
        if (tableEntries > MAX_TABLE_ENTRIES || tableOffset < 0 || tableOffset > (1L << 62)) {
            inconsistent("a block table of " + tableEntries + " entries at offset " + Bytes.unsigned(tableOffset));
            tableOffset = -1;
            return;
        }
        if (tableEntries * blockSize < u64be(footer, 48)) {
            inconsistent("a block table of " + tableEntries + " blocks of " + blockSize
                    + " bytes, too small for its disk size");
        }
        String parentName = utf16(h, 64, 512);
        boolean locators = false;
        for (int i = 0; i < 8; i++) {
            locators |= u32be(h, 576 + 24 * i) != 0;
        }
        if (!parentName.isEmpty() || locators) {
            violation(Refusal.Reason.BACKING_FILE, "The image data is a VHD image that names a parent disk"
                    + (parentName.isEmpty() ? "" : " (" + Bytes.printable(parentName) + ")")
                    + ": qemu-img and the hypervisor would read that file on their host");
        }
    }

    private static String utf16(byte[] b, int offset, int length) {
        String s = new String(b, offset, length, StandardCharsets.UTF_16BE);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    @Override
    void atEnd(long size, Tail tail) {
        byte[] footer = tail.last(FOOTER);
        boolean footerAtEnd = footer != null && Bytes.at(footer, 0, "conectix");
        if (atStart) {
            if (!footerAtEnd) {
                violation(Refusal.Reason.TRUNCATED, "The image data is a dynamic VHD image without the footer at its end:"
                        + " it is truncated");
            } else if (tableOffset >= 0 && tableOffset + tableEntries * 4 > size) {
                pastEnd("block allocation table", tableOffset, tableOffset + tableEntries * 4, size);
            }
            return;
        }
        if (!footerAtEnd) {
            noMatch();
            return;
        }
        fixed = u32be(footer, 60) == FIXED;
        match();
        if (!fixed) {
            inconsistent("a dynamic disk footer at its end but no copy of it at its start");
            return;
        }
        if (size(footer) && u64be(footer, 48) > size - FOOTER) {
            violation(Refusal.Reason.TRUNCATED, "The image data is a fixed VHD image that is truncated: its disk is "
                    + u64be(footer, 48) + " bytes but only " + (size - FOOTER) + " bytes of data precede its footer");
        }
    }
}
