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
}
