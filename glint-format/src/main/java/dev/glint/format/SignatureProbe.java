package dev.glint.format;

import static dev.glint.format.Bytes.u32le;
import static dev.glint.format.Bytes.u64le;

/**
 * Formats qemu recognises by a signature at the start, checked no further: QED and LUKS (whose
 * magic qemu probes), Bochs and cloop (likewise), and ploop (Parallels), whose header states the
 * virtual size. Recognising them keeps them from passing as raw data. QED can name a backing file
 * and is refused outright, as Glance does.
 */
final class SignatureProbe extends Probe {

    private static final byte[] QED = {'Q', 'E', 'D', 0};
    private static final byte[] LUKS = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
    private static final String BOCHS = "Bochs Virtual HD Image";
    private static final String CLOOP = "#!/bin/sh\n#V2.0 Format\nmodprobe cloop file=$0 && mount -r -t iso9660 /dev/cloop $1\n";

    private final ImageFormat format;

    private SignatureProbe(ImageFormat format, int headerLength) {
        this.format = format;
        capture(0, headerLength, headerLength, "header", this::header);
    }

    static SignatureProbe qed() {
        return new SignatureProbe(ImageFormat.QED, QED.length);
    }

    static SignatureProbe luks() {
        return new SignatureProbe(ImageFormat.LUKS, LUKS.length);
    }

    static SignatureProbe bochs() {
        return new SignatureProbe(ImageFormat.BOCHS, BOCHS.length());
    }

    static SignatureProbe cloop() {
        return new SignatureProbe(ImageFormat.CLOOP, CLOOP.length());
    }

    static SignatureProbe ploop() {
        return new SignatureProbe(ImageFormat.PLOOP, 64);
    }

    @Override
    ImageFormat format() {
        return format;
    }

    private void header(byte[] h) {
        boolean signed = switch (format) {
            case QED -> Bytes.at(h, 0, QED);
            case LUKS -> Bytes.at(h, 0, LUKS);
            case BOCHS -> Bytes.at(h, 0, BOCHS);
            case CLOOP -> Bytes.at(h, 0, CLOOP);
            case PLOOP -> Bytes.at(h, 0, "WithoutFreeSpace") || Bytes.at(h, 0, "WithouFreSpacExt");
            default -> false;
        };
        if (!signed) {
            noMatch();
            return;
        }
        match();
        if (format == ImageFormat.QED) {
            violation(Refusal.Reason.UNSUPPORTED_FORMAT, "The image data is a QED image, which can name a backing file;"
                    + " QED is not accepted");
        } else if (format == ImageFormat.PLOOP) {
            // Parallels header: magic, version, heads, cylinders, sectors per cluster, BAT entries, then the sectors.
            long sectors = u64le(h, 36);
            if (u32le(h, 16) != 2 || sectors < 0 || sectors > Long.MAX_VALUE / 512) {
                inconsistent("version " + u32le(h, 16) + " with " + Bytes.unsigned(sectors) + " sectors");
            } else {
                virtualSize(sectors * 512);
            }
        }
    }
}
