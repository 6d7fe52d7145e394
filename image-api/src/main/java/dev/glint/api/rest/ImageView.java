package dev.glint.api.rest;

import dev.glint.api.domain.ImageLocations;
import dev.glint.domain.GlanceTime;
import dev.glint.persistence.ImageRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image JSON of Glance's v2 API: base attributes, then custom properties at the top level,
 * and {@code stores}, the comma-separated ids of the stores holding the data (left out while
 * none does, as Glance).
 */
final class ImageView {

    private ImageView() {
    }

    static Map<String, Object> of(ImageRecord image, List<String> stores) {
        Map<String, Object> view = new LinkedHashMap<>();
        image.properties.forEach(view::put);
        view.put("id", image.id.toString());
        view.put("name", image.name);
        view.put("status", image.status.apiName());
        view.put("visibility", image.visibility);
        view.put("protected", image.isProtected);
        view.put("os_hidden", image.osHidden);
        view.put("min_disk", image.minDisk);
        view.put("min_ram", image.minRam);
        view.put("disk_format", image.diskFormat);
        view.put("container_format", image.containerFormat);
        view.put("size", image.size);
        view.put("virtual_size", image.virtualSize);
        view.put("checksum", image.checksum);
        view.put("os_hash_algo", image.osHashAlgo);
        view.put("os_hash_value", image.osHashValue);
        view.put("owner", image.owner);
        view.put("tags", List.copyOf(image.tags));
        view.put("created_at", GlanceTime.format(image.createdAt));
        view.put("updated_at", GlanceTime.format(image.updatedAt));
        view.put("self", "/v2/images/" + image.id);
        view.put("file", "/v2/images/" + image.id + "/file");
        view.put("schema", "/v2/schemas/image");
        if (!stores.isEmpty()) {
            view.put("stores", String.join(",", stores));
        }
        return view;
    }

    /**
     * Adds Glance's {@code locations} (with show_multiple_locations: every location, an empty list
     * when there is none) and {@code direct_url} (with show_image_direct_url: the first location's
     * URL, left out when there is none).
     */
    static Map<String, Object> withLocations(Map<String, Object> view, List<ImageLocations.Shown> locations,
            boolean showMultiple, boolean showDirectUrl) {
        if (showMultiple) {
            view.put("locations", locations.stream()
                    .map(location -> Map.<String, Object>of("url", location.url(), "metadata", location.metadata()))
                    .toList());
        }
        if (showDirectUrl && !locations.isEmpty()) {
            view.put("direct_url", locations.get(0).url());
        }
        return view;
    }
}
