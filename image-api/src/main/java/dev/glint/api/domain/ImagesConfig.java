package dev.glint.api.domain;

import io.smallrye.config.ConfigMapping;
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
}
