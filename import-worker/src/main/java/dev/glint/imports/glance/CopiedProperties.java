package dev.glint.imports.glance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a remote image's properties glance-download copies: as Glance's
 * {@code glance_download_properties}, those whose name starts with one of the configured prefixes.
 * Never Glance's own {@code os_glance*} properties, nor the image's attributes (id, status, size,
 * checksums, visibility... which a prefix such as {@code os_} would otherwise catch): those belong
 * to the local image. Properties are strings; anything else in the remote answer is not one.
 */
public final class CopiedProperties {

    /** The image schema's own attributes, as a Glance v2 image shows them. */
    static final Set<String> ATTRIBUTES = Set.of("id", "name", "status", "visibility", "protected", "os_hidden",
            "checksum", "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "min_ram", "min_disk",
            "created_at", "updated_at", "tags", "self", "file", "schema", "disk_format", "container_format",
            "locations", "direct_url", "stores");
    static final String RESERVED_PREFIX = "os_glance";

    private CopiedProperties() {
    }

    /** The properties of {@code remote} (a GET /v2/images/{id} answer) to copy, by {@code prefixes}. */
    public static Map<String, String> select(Map<String, Object> remote, List<String> prefixes) {
        Map<String, String> copied = new LinkedHashMap<>();
        remote.forEach((key, value) -> {
            if (value instanceof String text && !ATTRIBUTES.contains(key) && !key.startsWith(RESERVED_PREFIX)
                    && prefixes.stream().anyMatch(prefix -> !prefix.isEmpty() && key.startsWith(prefix))) {
                copied.put(key, text);
            }
        });
        return copied;
    }
}
