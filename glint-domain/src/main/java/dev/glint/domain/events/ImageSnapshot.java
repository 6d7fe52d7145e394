package dev.glint.domain.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The image after a change, as Glance describes it in its notifications (Glance's field names;
 * never its locations). Times are Glance's (ISO 8601, UTC, no fraction).
 */
public record ImageSnapshot(
        UUID id,
        String name,
        String status,
        String visibility,
        String owner,
        @JsonProperty("disk_format") String diskFormat,
        @JsonProperty("container_format") String containerFormat,
        Long size,
        @JsonProperty("virtual_size") Long virtualSize,
        String checksum,
        @JsonProperty("os_hash_algo") String osHashAlgo,
        @JsonProperty("os_hash_value") String osHashValue,
        @JsonProperty("min_disk") int minDisk,
        @JsonProperty("min_ram") int minRam,
        @JsonProperty("protected") boolean isProtected,
        @JsonProperty("os_hidden") boolean osHidden,
        Map<String, String> properties,
        List<String> tags,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        boolean deleted,
        @JsonProperty("deleted_at") String deletedAt) {
}
