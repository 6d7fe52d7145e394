package dev.glint.format;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's inspection settings, Glance's {@code [image_format]} options.
 *
 * @param requireFormatMatch  Glance's {@code require_image_format_match}: refuse data whose format
 *                            is not the image's disk_format
 * @param vmdkAllowedTypes    Glance's {@code vmdk_allowed_types}: VMDK create types accepted
 *                            (compared without regard to case)
 * @param nonfatalChecks      Glance's {@code gpt_safety_checks_nonfatal}: names of partition table
 *                            checks whose failure is only logged ({@value #MBR_CHECK})
 * @param virtualSizeCap      the largest virtual size accepted, in bytes (Glint's own setting)
 */
public record FormatRules(boolean requireFormatMatch, Set<String> vmdkAllowedTypes, Set<String> nonfatalChecks,
        long virtualSizeCap) {

    /** The one partition table check, named as in Glance's {@code gpt_safety_checks_nonfatal}. */
    public static final String MBR_CHECK = "mbr";
    /** Glance's default {@code vmdk_allowed_types}. */
    public static final Set<String> DEFAULT_VMDK_TYPES = Set.of("streamOptimized", "monolithicSparse");
    /** 64 TiB: larger than any disk VHDX (64 TB) or VMDK (62 TB) can describe. */
    public static final long DEFAULT_VIRTUAL_SIZE_CAP = 64L << 40;

    public static final String KEY_REQUIRE_MATCH = "glint.image-format.require-image-format-match";
    public static final String KEY_VMDK_TYPES = "glint.image-format.vmdk-allowed-types";
    public static final String KEY_NONFATAL = "glint.image-format.gpt-safety-checks-nonfatal";
    public static final String KEY_VIRTUAL_SIZE_CAP = "glint.image-format.virtual-size-cap";

    public FormatRules {
        vmdkAllowedTypes = Set.copyOf(vmdkAllowedTypes);
        nonfatalChecks = nonfatalChecks.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (virtualSizeCap <= 0) {
            throw new IllegalArgumentException(KEY_VIRTUAL_SIZE_CAP + " must be positive, not " + virtualSizeCap);
        }
    }

    /** Glance 30's defaults: format match required, the two single-file VMDK types, MBR checks non-fatal. */
    public static FormatRules defaults() {
        return new FormatRules(true, DEFAULT_VMDK_TYPES, Set.of(MBR_CHECK), DEFAULT_VIRTUAL_SIZE_CAP);
    }

    public FormatRules withRequireFormatMatch(boolean require) {
        return new FormatRules(require, vmdkAllowedTypes, nonfatalChecks, virtualSizeCap);
    }

    public FormatRules withVmdkAllowedTypes(Set<String> types) {
        return new FormatRules(requireFormatMatch, types, nonfatalChecks, virtualSizeCap);
    }

    public FormatRules withNonfatalChecks(Set<String> checks) {
        return new FormatRules(requireFormatMatch, vmdkAllowedTypes, checks, virtualSizeCap);
    }

    public FormatRules withVirtualSizeCap(long cap) {
        return new FormatRules(requireFormatMatch, vmdkAllowedTypes, nonfatalChecks, cap);
    }

    /** Whether {@code createType} is an allowed VMDK create type. */
    public boolean vmdkTypeAllowed(String createType) {
        return vmdkAllowedTypes.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(createType));
    }

    boolean fatal(String check) {
        return !nonfatalChecks.contains(check);
    }
}
