package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.persistence.ImageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code POST /v2/images}, checked the way Glance checks it: read-only and reserved
 * attributes are 403, values that do not fit the image schema are 400.
 */
public final class NewImage {

    static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum", "os_hash_algo",
            "os_hash_value", "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations",
            "stores");
    static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
    static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
    private static final int MAX_TAGS = 128;
    private static final int MAX_LENGTH = 255;

    private NewImage() {
    }

    public static ImageRecord parse(Map<String, Object> body, Caller caller, ImagesConfig config) {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.visibility = "shared";
        image.owner = caller.projectId();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            checkWritable(key);
            switch (key) {
                case "id" -> image.id = uuid(value);
                case "name" -> image.name = nullableString(key, value);
                case "visibility" -> image.visibility = visibility(value, caller);
                case "protected" -> image.isProtected = bool(key, value);
                case "os_hidden" -> image.osHidden = bool(key, value);
                case "min_disk" -> image.minDisk = nonNegative(key, value);
                case "min_ram" -> image.minRam = nonNegative(key, value);
                case "disk_format" -> image.diskFormat = oneOf(key, value, config.diskFormats());
                case "container_format" -> image.containerFormat = oneOf(key, value, config.containerFormats());
                case "tags" -> image.tags = tags(value);
                case "owner" -> image.owner = owner(value, caller);
                default -> properties.put(property(key), propertyValue(key, value));
            }
        }
        image.properties = properties;
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        return image;
    }

    static void checkWritable(String key) {
        if (READ_ONLY.contains(key)) {
            throw ApiException.forbidden("Attribute '" + key + "' is read-only.");
        }
        if (RESERVED.contains(key) || key.startsWith("os_glance")) {
            throw ApiException.forbidden("Attribute '" + key + "' is reserved.");
        }
    }

    private static ApiException schema(String detail) {
        return ApiException.badRequest("Provided object does not match schema 'image': " + detail);
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
        throw schema("'" + value + "' is not a valid UUID for 'id'");
    }

    private static String nullableString(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw schema(value + " is not of type 'string', 'null' for '" + key + "'");
        }
        if (text.length() > MAX_LENGTH) {
            throw schema("'" + key + "' is longer than " + MAX_LENGTH + " characters");
        }
        return text;
    }

    private static String visibility(Object value, Caller caller) {
        if (!(value instanceof String text) || !VISIBILITIES.contains(text)) {
            throw schema("'" + value + "' is not one of ['community', 'public', 'private', 'shared']");
        }
        if ("public".equals(text) && !caller.isAdmin()) {
            throw ApiException.forbidden("You are not authorized to complete publicize_image action.");
        }
        return text;
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw schema(value + " is not of type 'boolean' for '" + key + "'");
    }

    private static int nonNegative(String key, Object value) {
        if (value instanceof Integer number && number >= 0) {
            return number;
        }
        throw schema(value + " is not a non-negative integer for '" + key + "'");
    }

    private static String oneOf(String key, Object value, List<String> allowed) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text && allowed.contains(text)) {
            return text;
        }
        throw schema("'" + value + "' is not one of " + allowed + " for '" + key + "'");
    }

    private static List<String> tags(Object value) {
        if (!(value instanceof List<?> list)) {
            throw schema(value + " is not of type 'array' for 'tags'");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (Object tag : list) {
            if (!(tag instanceof String text) || text.isEmpty() || text.length() > MAX_LENGTH) {
                throw schema("tag " + tag + " is not a string of 1 to " + MAX_LENGTH + " characters");
            }
            tags.add(text);
        }
        if (tags.size() > MAX_TAGS) {
            throw new ApiException(413, "Attempted: " + tags.size() + ", Maximum: " + MAX_TAGS
                    + " tags per image");
        }
        return new ArrayList<>(tags);
    }

    private static String owner(Object value, Caller caller) {
        String owner = nullableString("owner", value);
        if (owner == null || caller.owns(owner)) {
            return caller.projectId();
        }
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Owner must be specified to create an image on behalf of another project.");
        }
        return owner;
    }

    private static String property(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw schema("property name must be 1 to " + MAX_LENGTH + " characters");
        }
        return key;
    }

    private static String propertyValue(String key, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw schema(value + " is not of type 'string' for '" + key.toLowerCase(Locale.ROOT) + "'");
    }
}
