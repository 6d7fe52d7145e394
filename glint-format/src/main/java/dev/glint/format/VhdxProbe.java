package dev.glint.format;

import static dev.glint.format.Bytes.u16le;
import static dev.glint.format.Bytes.u32le;
import static dev.glint.format.Bytes.u64le;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * VHDX, from Microsoft's [MS-VHDX]: the file type identifier ({@code vhdxfile}), the two region
 * tables at 192 KiB and 256 KiB (CRC-32C protected; the first valid one counts), and in the
 * metadata region the metadata table and the items it lists: file parameters (with the HasParent
 * flag), virtual disk size, parent locator.
 *
 * <p>Refused: a parent disk (a parent locator, or HasParent); a required region or required
 * metadata item this inspector does not know (the specification tells readers to refuse those);
 * no valid region table; missing file parameters or virtual disk size; sizes beyond the 64 TiB
 * the format allows; regions that lie past the end of the data.
 */
final class VhdxProbe extends Probe {

    private static final int TABLE = 64 * 1024;
    private static final long REGION_TABLE_1 = 192 * 1024;
    private static final long REGION_TABLE_2 = 256 * 1024;
    private static final long MIB = 1L << 20;
    private static final long MAX_DISK = 64L << 40;
    private static final int MAX_ENTRIES = 2047;
    private static final String BAT = "2dc27766f62342009d64115e9bfd4a08";
    private static final String METADATA = "8b7ca20647904b9ab8fe575f050f886e";
    private static final String FILE_PARAMETERS = "caa16737fa364d43b3b633f0aa44e76b";
    private static final String VIRTUAL_DISK_SIZE = "2fa54224cd1b4876b2115dbed83bf4b8";
    private static final String VIRTUAL_DISK_ID = "beca12abb2e6452393efc309e000c746";
    private static final String LOGICAL_SECTOR_SIZE = "8141bf1da96f4709ba47f233a8faab5f";
    private static final String PHYSICAL_SECTOR_SIZE = "cda348c7445d44719cc9e9885251c556";
    private static final String PARENT_LOCATOR = "a8d35f2db30b454dabf7d3d84834ab0c";

    private record Span(String what, long offset, long end) {
    }

    private final List<Span> regions = new ArrayList<>();
    private byte[] firstTable;
    private long metadataOffset;
    private long metadataLength;
    private boolean fileParameters;
    private boolean diskSize;

    VhdxProbe() {
        capture(0, 8, 8, "file type identifier", this::identifier);
    }

    @Override
    ImageFormat format() {
        return ImageFormat.VHDX;
    }

    private void identifier(byte[] id) {
        if (!Bytes.at(id, 0, "vhdxfile")) {
            noMatch();
            return;
        }
        match();
        capture(REGION_TABLE_1, TABLE, TABLE, "region table", table -> firstTable = table);
        capture(REGION_TABLE_2, TABLE, TABLE, "second region table", this::regionTables);
    }

    private void regionTables(byte[] second) {
        byte[] table = valid(firstTable, "regi") ? firstTable : valid(second, "regi") ? second : null;
        firstTable = null;
        if (table == null) {
            inconsistent("neither of its region tables is valid (signature and CRC-32C)");
            return;
        }
        long entries = u32le(table, 8);
        if (entries > MAX_ENTRIES) {
            inconsistent(entries + " region table entries (at most " + MAX_ENTRIES + ")");
            return;
        }
        boolean bat = false;
        for (int i = 0; i < entries; i++) {
            int at = 16 + 32 * i;
            String guid = guid(table, at);
            long offset = u64le(table, at + 16);
            long length = u32le(table, at + 24);
            boolean required = (u32le(table, at + 28) & 1) != 0;
            if (offset < MIB || offset % MIB != 0 || offset > (1L << 48) || length % MIB != 0) {
                inconsistent("a region at offset " + Bytes.unsigned(offset) + " of " + length + " bytes (regions lie on"
                        + " 1 MiB boundaries past the first MiB)");
                return;
            }
            if (guid.equals(BAT)) {
                bat = true;
                regions.add(new Span("block allocation table", offset, offset + length));
            } else if (guid.equals(METADATA)) {
                metadataOffset = offset;
                metadataLength = length;
                regions.add(new Span("metadata region", offset, offset + length));
            } else if (required) {
                violation(Refusal.Reason.UNKNOWN_FEATURES, "The image data is a VHDX image that requires a region this"
                        + " service does not know ({" + guid + "}); the specification tells readers to refuse it");
                return;
            }
        }
        if (!bat || metadataOffset == 0) {
            inconsistent("its region table lacks the " + (bat ? "metadata region" : "block allocation table"));
            return;
        }
        if (metadataLength < TABLE) {
            inconsistent("a metadata region of " + metadataLength + " bytes");
            return;
        }
        capture(metadataOffset, TABLE, TABLE, "metadata table", this::metadataTable);
    }

    private void metadataTable(byte[] table) {
        if (!Bytes.at(table, 0, "metadata")) {
            inconsistent("no metadata table (signature \"metadata\") at the start of its metadata region");
            return;
        }
        int entries = u16le(table, 10);
        if (entries > MAX_ENTRIES) {
            inconsistent(entries + " metadata entries (at most " + MAX_ENTRIES + ")");
            return;
        }
        for (int i = 0; i < entries; i++) {
            int at = 32 + 32 * i;
            String item = guid(table, at);
            long offset = u32le(table, at + 16);
            long length = u32le(table, at + 20);
            boolean required = (u32le(table, at + 24) & 4) != 0;
            if (length > 0 && (offset < TABLE || offset + length > metadataLength)) {
                inconsistent("metadata item {" + item + "} at offset " + offset + " of " + length
                        + " bytes, outside its metadata region");
                return;
            }
            long where = metadataOffset + offset;
            switch (item) {
                case PARENT_LOCATOR -> {
                    violation(Refusal.Reason.BACKING_FILE, "The image data is a differencing VHDX image, which names a"
                            + " parent disk: qemu-img and the hypervisor would read that file on their host");
                    return;
                }
                case FILE_PARAMETERS -> capture(where, 8, "file parameters", this::fileParameters,
                        () -> truncated("file parameters", where, where + 8, position()));
                case VIRTUAL_DISK_SIZE -> capture(where, 8, "virtual disk size", this::diskSize,
                        () -> truncated("virtual disk size", where, where + 8, position()));
                case VIRTUAL_DISK_ID, LOGICAL_SECTOR_SIZE, PHYSICAL_SECTOR_SIZE -> {
                    // Known, and nothing in them matters here.
                }
                default -> {
                    if (required) {
                        violation(Refusal.Reason.UNKNOWN_FEATURES, "The image data is a VHDX image that requires a"
                                + " metadata item this service does not know ({" + item + "}); the specification tells"
                                + " readers to refuse it");
                        return;
                    }
                }
            }
        }
    }

    private void fileParameters(byte[] p) {
        fileParameters = true;
        long blockSize = u32le(p, 0);
        if ((u32le(p, 4) & 2) != 0) {
            violation(Refusal.Reason.BACKING_FILE, "The image data is a differencing VHDX image (HasParent), which names"
                    + " a parent disk: qemu-img and the hypervisor would read that file on their host");
        } else if (Long.bitCount(blockSize) != 1 || blockSize < MIB || blockSize > 256 * MIB) {
            inconsistent("a block size of " + blockSize + " bytes (1 MiB to 256 MiB)");
        }
    }

    private void diskSize(byte[] s) {
        diskSize = true;
        long size = u64le(s, 0);
        if (size < 0 || size > MAX_DISK) {
            inconsistent("a virtual disk size of " + Bytes.unsigned(size) + " bytes (VHDX holds at most 64 TiB)");
            return;
        }
        virtualSize(size);
    }

    /** A table with its signature whose CRC-32C, computed with its checksum field zeroed, matches. */
    private static boolean valid(byte[] table, String signature) {
        if (table == null || !Bytes.at(table, 0, signature)) {
            return false;
        }
        long stored = u32le(table, 4);
        CRC32C crc = new CRC32C();
        crc.update(table, 0, 4);
        crc.update(new byte[4]);
        crc.update(table, 8, table.length - 8);
        return crc.getValue() == stored;
    }

    /** A GUID in the little-endian form VHDX stores it, as 32 hex digits in its usual order. */
    private static String guid(byte[] b, int at) {
        byte[] g = new byte[16];
        int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        for (int i = 0; i < 16; i++) {
            g[i] = b[at + order[i]];
        }
        return HexFormat.of().formatHex(g);
    }

    @Override
    void atEnd(long size, Tail tail) {
        if (violations().isEmpty() && metadataOffset != 0 && (!fileParameters || !diskSize)
                && metadataOffset + TABLE <= size) {
            inconsistent("its metadata lacks the " + (fileParameters ? "virtual disk size" : "file parameters"));
        }
        for (Span region : regions) {
            if (region.end() > size) {
                pastEnd(region.what(), region.offset(), region.end(), size);
                return;
            }
        }
    }
}
