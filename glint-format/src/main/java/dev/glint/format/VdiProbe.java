package dev.glint.format;

import static dev.glint.format.Bytes.u32le;
import static dev.glint.format.Bytes.u64le;

/**
 * VDI (VirtualBox), from its header as VirtualBox and qemu read it: a text line, the signature
 * 0xbeda107f at 0x40, version 1.1, and the little-endian header 1.1 (image type, block map and
 * data offsets, geometry, disk size at 0x170, block size, block count, the link and parent UUIDs).
 *
 * <p>Refused: undo and differencing images, or any with a link or parent UUID (a parent image on
 * the host); fields qemu refuses (sector size other than 512, block size other than 1 MiB, extra
 * block data, fewer blocks than the disk size needs, misaligned offsets); a block map or data
 * that lies past the end of the data.
 */
final class VdiProbe extends Probe {

    private static final long SIGNATURE = 0xbeda107fL;
    private static final long VERSION_1_1 = 0x00010001L;
    private static final int HEADER = 512;
    private static final long NORMAL = 1;
    private static final long FIXED = 2;
    private static final long BLOCK_SIZE = 1L << 20;
    private static final long MAX_BLOCKS = 0x3fffffffL;

    private long blockMap;
    private long blocks;
    private long dataOffset;
    private long type;
    private boolean checked;

    VdiProbe() {
        capture(0, HEADER, 0x44, "header", this::header);
    }

    @Override
    ImageFormat format() {
        return ImageFormat.VDI;
    }

    private void header(byte[] h) {
        if (u32le(h, 0x40) != SIGNATURE) {
            noMatch();
            return;
        }
        match();
        if (h.length < 0x1c8) {
            truncated("header", 0, 0x1c8, position());
            return;
        }
        long version = u32le(h, 0x44);
        if (version != VERSION_1_1) {
            inconsistent("version " + (version >>> 16) + "." + (version & 0xffff) + " (1.1 is read)");
            return;
        }
        type = u32le(h, 0x4c);
        boolean parentUuid = !Bytes.zero(h, 0x1a8, 0x1c8);
        if (type == 3 || type == 4 || parentUuid) {
            violation(Refusal.Reason.BACKING_FILE, "The image data is a VDI image that names a parent image ("
                    + (type == 3 ? "an undo image" : type == 4 ? "a differencing image" : "a link or parent UUID")
                    + "): qemu-img and the hypervisor would look for it on their host");
            return;
        }
        if (type != NORMAL && type != FIXED) {
            inconsistent("image type " + type + " (1 to 4 exist)");
            return;
        }
        blockMap = u32le(h, 0x154);
        dataOffset = u32le(h, 0x158);
        long sectorSize = u32le(h, 0x168);
        long diskSize = u64le(h, 0x170);
        long blockSize = u32le(h, 0x178);
        long blockExtra = u32le(h, 0x17c);
        blocks = u32le(h, 0x180);
        if (sectorSize != 512) {
            inconsistent("a sector size of " + sectorSize + " bytes (512 is read)");
        } else if (blockSize != BLOCK_SIZE || blockExtra != 0) {
            inconsistent("blocks of " + blockSize + " bytes with " + blockExtra + " extra (1 MiB and 0 are read)");
        } else if (blockMap % 512 != 0 || dataOffset % 512 != 0 || blockMap < HEADER) {
            inconsistent("its block map at offset " + blockMap + " and data at offset " + dataOffset);
        } else if (diskSize < 0 || blocks > MAX_BLOCKS || blocks * BLOCK_SIZE < diskSize) {
            inconsistent(blocks + " blocks of 1 MiB for a disk of " + Bytes.unsigned(diskSize) + " bytes");
        } else {
            virtualSize(diskSize);
            checked = true;
        }
    }

    @Override
    void atEnd(long size, Tail tail) {
        if (!checked) {
            return;
        }
        if (blockMap + blocks * 4 > size) {
            pastEnd("block map", blockMap, blockMap + blocks * 4, size);
        } else if (type == FIXED && dataOffset + blocks * BLOCK_SIZE > size) {
            truncated("data", dataOffset, dataOffset + blocks * BLOCK_SIZE, size);
        } else if (dataOffset > size) {
            pastEnd("data", dataOffset, dataOffset + 1, size);
        }
    }
}
