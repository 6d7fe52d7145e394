package dev.glint.format;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Set;

/**
 * The inspection settings ({@code glint.image-format.*}): Glance's {@code [image_format]} options
 * under the same names, and the virtual size cap. A list is emptied with {@value #NONE} (an empty
 * value means "the default" in Quarkus config).
 */
@ConfigMapping(prefix = "glint.image-format")
public interface FormatConfig {

    /** In a list: no entries. */
    String NONE = "none";

    /** Glance's {@code require_image_format_match}. */
    @WithDefault("true")
    boolean requireImageFormatMatch();

    /** Glance's {@code vmdk_allowed_types}; {@value #NONE}: no VMDK is accepted. */
    @WithDefault("streamOptimized,monolithicSparse")
    List<String> vmdkAllowedTypes();

    /**
     * Glance's {@code gpt_safety_checks_nonfatal}: partition table checks that are only logged.
     * Glance 30's default {@code mbr} keeps them non-fatal; {@value #NONE} makes them refuse.
     */
    @WithDefault("mbr")
    List<String> gptSafetyChecksNonfatal();

    /** The largest virtual size accepted, in bytes. */
    @WithDefault("70368744177664")
    long virtualSizeCap();

    default FormatRules rules() {
        return new FormatRules(requireImageFormatMatch(), values(vmdkAllowedTypes()), values(gptSafetyChecksNonfatal()),
                virtualSizeCap());
    }

    private static Set<String> values(List<String> list) {
        return list.stream().map(String::trim).filter(v -> !v.isEmpty() && !v.equalsIgnoreCase(NONE))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
