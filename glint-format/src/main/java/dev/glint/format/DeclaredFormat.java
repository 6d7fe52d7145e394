package dev.glint.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an image's {@code disk_format} lets its data be. A format the inspector recognises must be
 * exactly that format. {@code raw} and the raw kinds {@code ami}, {@code ari}, {@code aki} (whole
 * disks, kernels, ramdisks) must be raw data; raw may also be an ISO, which a hypervisor reads as
 * raw bytes. A disk_format the inspector cannot recognise (an operator's own) must at least not be
 * data of a format it does recognise.
 */
final class DeclaredFormat {

    private static final Set<String> RAW_KINDS = Set.of("raw", "ami", "ari", "aki");

    private final String name;
    private final ImageFormat own;

    private DeclaredFormat(String name, ImageFormat own) {
        this.name = name;
        this.own = own;
    }

    static DeclaredFormat of(String diskFormat) {
        String name = diskFormat == null || diskFormat.isBlank() ? null : diskFormat.trim().toLowerCase(Locale.ROOT);
        ImageFormat own = name == null || RAW_KINDS.contains(name) ? null : Arrays.stream(ImageFormat.values())
                .filter(format -> format.diskFormat().equals(name)).findFirst().orElse(null);
        return new DeclaredFormat(name, own);
    }

    String name() {
        return name;
    }

    boolean declared() {
        return name != null;
    }

    /** The format the data must be, when the inspector can recognise the disk_format. */
    Optional<ImageFormat> own() {
        return Optional.ofNullable(own);
    }

    boolean accepts(ImageFormat detected) {
        if (name == null) {
            return true;
        }
        if (own != null) {
            return detected == own;
        }
        return detected == ImageFormat.RAW || (name.equals("raw") && detected == ImageFormat.ISO);
    }

    /**
     * The virtual size to record for accepted data: what the format's header states, or for raw
     * data (and an ISO declared raw) the data's size. None for a disk_format the inspector cannot
     * recognise.
     */
    Long virtualSize(ImageFormat detected, Long stated, long size) {
        if (own != null || (name == null && detected != ImageFormat.RAW)) {
            return stated;
        }
        return name == null || RAW_KINDS.contains(name) ? Long.valueOf(size) : null;
    }
}
