package dev.glint.api.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Image rules an operator can set ({@code glint.images.*}). */
@ConfigMapping(prefix = "glint.images")
public interface ImagesConfig {

    /** Glance's hashing_algorithm for os_hash_value. */
    String hashAlgorithm();

    List<String> diskFormats();

    List<String> containerFormats();

    /** Glance's image_size_cap: the largest image in bytes. */
    long sizeCap();

    /** Glance's image_property_quota: custom properties per image. */
    int propertyQuota();

    /** Glance's image_tag_quota: tags per image. */
    int tagQuota();

    /** Glance's image_member_quota: members per image. */
    int memberQuota();

    /**
     * Glance's show_multiple_locations: images show their {@code locations}, and locations can be
     * added, replaced and removed with PATCH. Off by default, as in Glance: locations tell where
     * the data is stored, and letting users set them lets them point an image at other data.
     */
    @WithDefault("false")
    boolean showMultipleLocations();

    /** Glance's show_image_direct_url: images show the URL of their first location as {@code direct_url}. */
    @WithDefault("false")
    boolean showImageDirectUrl();

    /**
     * Glance's do_secure_hash: a location added with {@code POST /v2/images/{id}/locations} is read
     * in the background to compute the image's checksum and os_hash_value (a location_import task).
     */
    @WithDefault("true")
    boolean doSecureHash();
}
