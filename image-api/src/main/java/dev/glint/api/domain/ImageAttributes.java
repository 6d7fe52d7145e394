package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writable attributes of an image and how Glance checks a value for each, shared by create
 * and PATCH: read-only and reserved names are 403, values that do not fit the image schema are
 * 400, and going over the per-image property and tag quotas is 413.
 */
public final class ImageAttributes {

    static final Set<String> READ_ONLY = Set.of("id", "status", "size", "virtual_size", "checksum", "os_hash_algo",
            "os_hash_value", "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations",
            "stores");
    static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
    static final Set<String> BASE = Set.of("name", "visibility", "protected", "os_hidden", "min_disk", "min_ram",
            "disk_format", "container_format", "tags", "owner");
    static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
    static final int MAX_LENGTH = 255;

    private ImageAttributes() {
    }

    static void checkWritable(String key) {
        if (RESERVED.contains(key) || key.startsWith("os_glance")) {
            throw ApiException.forbidden("Attribute '" + key + "' is reserved.");
        }
        if (READ_ONLY.contains(key)) {
            throw ApiException.forbidden("Attribute '" + key + "' is read-only.");
        }
    }

    static boolean isBase(String key) {
        return BASE.contains(key);
    }

    /** Sets one attribute or custom property, or throws the error Glance gives for the value. */
    static void set(ImageRecord image, String key, Object value, Caller caller, ImagesConfig config) {
        checkWritable(key);
        switch (key) {
            case "name" -> image.name = nullableString(key, value);
            case "visibility" -> image.visibility = visibility(value);
            case "protected" -> image.isProtected = bool(key, value);
            case "os_hidden" -> image.osHidden = bool(key, value);
            case "min_disk" -> image.minDisk = nonNegative(key, value);
            case "min_ram" -> image.minRam = nonNegative(key, value);
            case "disk_format" -> {
                requireQueued(image, key);
                image.diskFormat = oneOf(key, value, config.diskFormats());
            }
            case "container_format" -> {
                requireQueued(image, key);
                image.containerFormat = oneOf(key, value, config.containerFormats());
            }
            case "tags" -> image.tags = tags(value);
            case "owner" -> image.owner = owner(value, image, caller);
            default -> {
                Map<String, String> properties = new LinkedHashMap<>(image.properties);
                properties.put(property(key), propertyValue(key, value));
                image.properties = properties;
            }
        }
    }

    static void checkQuotas(ImageRecord image, ImagesConfig config) {
        if (image.properties.size() > config.propertyQuota()) {
            throw new ApiException(413, "Attempted: " + image.properties.size() + ", Maximum: "
                    + config.propertyQuota() + " custom properties per image");
        }
        if (image.tags.size() > config.tagQuota()) {
            throw new ApiException(413, "Attempted: " + image.tags.size() + ", Maximum: " + config.tagQuota()
                    + " tags per image");
        }
    }

    private static void requireQueued(ImageRecord image, String key) {
        if (image.status != null && image.status != ImageStatus.QUEUED && image.status != ImageStatus.IMPORTING) {
            throw ApiException.forbidden("Attribute " + key + " can be only replaced for a queued image.");
        }
    }

    private static ApiException schema(String detail) {
        return ApiException.badRequest("Provided object does not match schema 'image': " + detail);
    }

    static String nullableString(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw schema(value + " is not of type 'null', 'string' for '" + key + "'");
        }
        if (text.length() > MAX_LENGTH) {
            throw schema("'" + key + "' is too long (at most " + MAX_LENGTH + " characters)");
        }
        return text;
    }

    private static String visibility(Object value) {
        if (!(value instanceof String text) || !VISIBILITIES.contains(text)) {
            throw schema("'" + value + "' is not one of ['community', 'public', 'private', 'shared']");
        }
        // Who may make an image public or community is ImageService's to check (publicize_image,
        // communitize_image) once the whole body is read.
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
        throw schema(value + " is not a non-negative integer (at most 2147483647) for '" + key + "'");
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
            if (!(tag instanceof String text)) {
                throw schema("tag " + tag + " is not of type 'string'");
            }
            tags.add(tag(text));
        }
        return new ArrayList<>(tags);
    }

    static String tag(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw ApiException.badRequest("Invalid tag '" + text + "': a tag is 1 to " + MAX_LENGTH
                    + " characters long.");
        }
        return text;
    }

    private static String owner(Object value, ImageRecord image, Caller caller) {
        String owner = nullableString("owner", value);
        if (owner != null && owner.equals(image.owner)) {
            return owner;
        }
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Attribute 'owner' is read-only: only admins change the owner of an image.");
        }
        if (owner == null || owner.isEmpty()) {
            throw schema("'owner' must name a project");
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
        throw schema(value + " is not of type 'string' for '" + key + "'");
    }
}
