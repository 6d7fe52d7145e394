package dev.glint.format;

import static dev.glint.format.Bytes.u16be;
import static dev.glint.format.Bytes.u16le;
import static dev.glint.format.Bytes.u32be;
import static dev.glint.format.Bytes.u32le;

import java.util.Set;

/**
 * ISO 9660 (ECMA-119) and UDF (ECMA-167's volume recognition sequence): after the 32 KiB system
 * area, a run of 2048-byte volume descriptors, each with a standard identifier ({@code CD001} for
 * ISO 9660; {@code BEA01}, {@code NSR02}/{@code NSR03}, {@code TEA01} for UDF). The primary volume
 * descriptor states the volume's size (blocks times block size, each written both little- and
 * big-endian), which is the virtual size, as in Glance.
 *
 * <p>Refused: a primary volume descriptor whose two byte orders disagree or whose block size is
 * invalid, an ISO 9660 descriptor set without a primary volume descriptor, a volume larger than the
 * data (a truncated image). The system area belongs to the disc's creator: a hybrid ISO keeps an
 * MBR or GPT there, which is no second format.
 */
final class IsoProbe extends Probe {

    private static final long FIRST = 32 * 1024;
    private static final int DESCRIPTOR = 2048;
    private static final int MAX_DESCRIPTORS = 64;
    private static final Set<String> FIRST_IDS = Set.of("CD001", "BEA01", "NSR02", "NSR03");
    private static final Set<String> UDF_IDS = Set.of("BEA01", "NSR02", "NSR03", "TEA01", "BOOT2", "CDW02");
    private static final int TERMINATOR = 255;
    private static final int PRIMARY = 1;

    private boolean iso9660;
    private boolean terminated;
    private long volume = -1;

    IsoProbe() {
        descriptor(0);
    }

    @Override
    ImageFormat format() {
        return ImageFormat.ISO;
    }

    @Override
    boolean occupiesStart() {
        return false;
    }

    private void descriptor(int index) {
        long at = FIRST + (long) index * DESCRIPTOR;
        capture(at, DESCRIPTOR, "volume descriptor " + index, d -> descriptor(index, d), () -> {
            if (matched()) {
                truncated("volume descriptor " + index, at, at + DESCRIPTOR, position());
            }
        });
    }

    private void descriptor(int index, byte[] d) {
        String id = new String(d, 1, 5, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (index == 0) {
            if (!FIRST_IDS.contains(id)) {
                noMatch();
                return;
            }
            match();
        }
        int type = d[0] & 0xff;
        if (id.equals("CD001")) {
            iso9660 = true;
            if (type == PRIMARY && volume < 0 && !primary(d)) {
                return;
            }
            if (type == TERMINATOR) {
                terminated = true;
                return;
            }
        } else if (!UDF_IDS.contains(id) || id.equals("TEA01")) {
            // The end of the volume recognition sequence.
            terminated = true;
            return;
        }
        if (index + 1 >= MAX_DESCRIPTORS) {
            inconsistent("more than " + MAX_DESCRIPTORS + " volume descriptors");
            return;
        }
        descriptor(index + 1);
    }

    private boolean primary(byte[] d) {
        long blocks = u32le(d, 80);
        int blockSize = u16le(d, 128);
        if (blocks != u32be(d, 84) || blockSize != u16be(d, 130)) {
            inconsistent("a primary volume descriptor whose little- and big-endian sizes disagree");
            return false;
        }
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            inconsistent("a logical block size of " + blockSize + " bytes");
            return false;
        }
        volume = blocks * blockSize;
        virtualSize(volume);
        return true;
    }

    @Override
    void atEnd(long size, Tail tail) {
        if (!terminated) {
            return;
        }
        if (iso9660 && volume < 0) {
            inconsistent("no primary volume descriptor");
        } else if (volume > size) {
            violation(Refusal.Reason.TRUNCATED, "The image data is an ISO 9660 image that is truncated: its volume is "
                    + volume + " bytes but the data ends after " + size + " bytes");
        } else if (!iso9660) {
            // UDF alone states no size in its recognition sequence: the disc is the data.
            virtualSize(size);
        }
    }
}
