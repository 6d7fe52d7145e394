package dev.glint.format;

import static dev.glint.format.Bytes.u16le;
import static dev.glint.format.Bytes.u32le;
import static dev.glint.format.Bytes.u64le;
import static dev.glint.format.Bytes.u8;

import java.util.zip.CRC32;

/**
 * A PC partition table (MBR) or a GUID partition table behind its protective MBR (UEFI
 * specification, chapter 5), at the start of raw data. Not a format of its own: raw data that has
 * one is still raw. A boot sector of a FAT or NTFS file system also ends in 0x55AA and is told
 * apart by its BIOS parameter block.
 *
 * <p>Its checks, as Glance's "mbr" check: every partition record's boot indicator is 0x00 or 0x80;
 * at least one partition is defined; a protective MBR (type 0xEE) starts at CHS 0/0/2 and LBA 1
 * and is the only partition; behind it lies a GPT header ("EFI PART", revision 1.0, a valid
 * size, MyLBA 1, a matching CRC32). Whether a failure refuses the data is the operator's choice
 * ({@code gpt-safety-checks-nonfatal}).
 */
final class PartitionTableProbe extends Probe {

    private static final int SECTOR = 512;
    private static final int RECORDS = 446;
    private static final int PROTECTIVE = 0xee;

    private PartitionTable kind = PartitionTable.NONE;
    private boolean gptHeaderSeen;
    private long lastSector;

    PartitionTableProbe() {
        capture(0, SECTOR, SECTOR, "MBR", this::mbr);
    }

    @Override
    ImageFormat format() {
        return ImageFormat.RAW;
    }

    PartitionTable kind() {
        return kind;
    }

    private void mbr(byte[] s) {
        if (u8(s, 510) != 0x55 || u8(s, 511) != 0xaa || bootSectorOfAFileSystem(s)) {
            noMatch();
            return;
        }
        match();
        kind = PartitionTable.MBR;
        int defined = 0;
        int protective = -1;
        for (int i = 0; i < 4; i++) {
            int at = RECORDS + 16 * i;
            int boot = u8(s, at);
            int type = u8(s, at + 4);
            if (boot != 0x00 && boot != 0x80) {
                check("its MBR partition record " + (i + 1) + " has boot indicator 0x" + Integer.toHexString(boot)
                        + " (0x00 or 0x80)");
            }
            if (type != 0) {
                defined++;
                lastSector = Math.max(lastSector, type == PROTECTIVE ? 0 : u32le(s, at + 8) + u32le(s, at + 12));
            }
            if (type == PROTECTIVE && protective < 0) {
                protective = i;
            }
        }
        if (defined == 0) {
            check("its MBR defines no partition");
        }
        if (protective >= 0) {
            kind = PartitionTable.GPT;
            int at = RECORDS + 16 * protective;
            if (defined != 1) {
                check("its protective MBR defines other partitions beside the GPT");
            }
            if (u8(s, at + 1) != 0 || u8(s, at + 2) != 2 || u8(s, at + 3) != 0) {
                check("its protective MBR partition does not start at CHS 0/0/2");
            }
            if (u32le(s, at + 8) != 1) {
                check("its protective MBR partition does not start at LBA 1");
            }
            // The GPT header is at LBA 1: byte 512, or 4096 on a disk of 4 KiB sectors.
            capture(SECTOR, SECTOR, 8, "GPT header", this::gptHeader);
            capture(4096, SECTOR, 8, "GPT header (4 KiB sectors)", this::gptHeader);
        }
    }

    private void gptHeader(byte[] h) {
        if (gptHeaderSeen || !Bytes.at(h, 0, "EFI PART")) {
            return;
        }
        gptHeaderSeen = true;
        if (h.length < 92) {
            check("its GPT header is cut short");
            return;
        }
        long size = u32le(h, 12);
        if (u32le(h, 8) != 0x00010000L || size < 92 || size > h.length) {
            check("its GPT header has revision 0x" + Long.toHexString(u32le(h, 8)) + " and size " + size);
            return;
        }
        if (u64le(h, 24) != 1) {
            check("its GPT header does not say it is at LBA 1");
        }
        CRC32 crc = new CRC32();
        crc.update(h, 0, 16);
        crc.update(new byte[4]);
        crc.update(h, 20, (int) size - 20);
        if (crc.getValue() != u32le(h, 16)) {
            check("its GPT header checksum is wrong");
        }
    }

    /** A FAT boot sector: a jump, then a BIOS parameter block with sane values; NTFS and exFAT name themselves. */
    private static boolean bootSectorOfAFileSystem(byte[] s) {
        if (Bytes.at(s, 3, "NTFS    ") || Bytes.at(s, 3, "EXFAT   ")) {
            return true;
        }
        boolean jump = (u8(s, 0) == 0xeb && u8(s, 2) == 0x90) || u8(s, 0) == 0xe9;
        int bytesPerSector = u16le(s, 11);
        int sectorsPerCluster = u8(s, 13);
        int fats = u8(s, 16);
        int media = u8(s, 21);
        return jump && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048 || bytesPerSector == 4096)
                && sectorsPerCluster > 0 && Integer.bitCount(sectorsPerCluster) == 1 && u16le(s, 14) >= 1
                && (fats == 1 || fats == 2) && (media == 0xf0 || media >= 0xf8);
    }

    private void check(String problem) {
        violation(FormatRules.MBR_CHECK, Refusal.Reason.PARTITION_TABLE, "The image data has an invalid partition table: "
                + problem);
    }

    @Override
    void atEnd(long size, Tail tail) {
        if (kind == PartitionTable.GPT && !gptHeaderSeen) {
            check("its protective MBR points to a GPT header that is not there");
        }
        if (lastSector * SECTOR > size) {
            check("a partition ends past the end of the data (sector " + lastSector + " of " + size / SECTOR + ")");
        }
    }
}
