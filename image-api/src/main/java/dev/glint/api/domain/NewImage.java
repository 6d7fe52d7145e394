package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.persistence.ImageRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The body of {@code POST /v2/images}, checked the way Glance checks it before anything is stored. */
public final class NewImage {

    private NewImage() {
    }

    public static ImageRecord parse(Map<String, Object> body, Caller caller, ImagesConfig config) {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.visibility = "shared";
        image.owner = caller.projectId();
        image.properties = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            String key = entry.getKey();
            if ("id".equals(key)) {
                image.id = uuid(entry.getValue());
            } else if ("owner".equals(key)) {
                image.owner = owner(entry.getValue(), caller);
            } else {
                ImageAttributes.set(image, key, entry.getValue(), caller, config);
            }
        }
        ImageAttributes.checkQuotas(image, config);
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        return image;
    }

    private static UUID uuid(Object value) {
        if (value instanceof String text) {
            try {
                UUID id = UUID.fromString(text);
                if (id.toString().equalsIgnoreCase(text)) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // falls through to the schema error
            }
        }
        throw ApiException.badRequest("Provided object does not match schema 'image': '" + value
                + "' is not a valid UUID for 'id'");
    }

    private static String owner(Object value, Caller caller) {
        String owner = ImageAttributes.nullableString("owner", value);
        // Whether the caller may create an image for another project is add_image's to decide.
        if (owner == null || owner.isEmpty() || caller.owns(owner)) {
            return caller.projectId();
        }
        return owner;
    }
}
