package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.persistence.ImageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code PATCH /v2/images/{id}} document (JSON patch as Glance takes it, media types v2.1 and
 * the older v2.0). Every operation is checked before the image is touched, and they are applied in
 * one transaction that rolls back on the first refused one, so a bad operation changes nothing.
 * Operations on {@code /locations} are {@link LocationOperation}s, which {@link LocationEdit} applies.
 */
public final class ImagePatch {

    public static final String V2_1 = "application/openstack-images-v2.1-json-patch";
    public static final String V2_0 = "application/openstack-images-v2.0-json-patch";

    /** One operation: on an attribute or custom property, or (with {@code location} set) on the locations. */
    public record Operation(String op, String path, Object value, LocationOperation location) {

        public boolean isLocation() {
            return location != null;
        }
    }

    private final List<Operation> operations;

    private ImagePatch(List<Operation> operations) {
        this.operations = operations;
    }

    /** Parses the operations; {@code legacy} selects the v2.0 form {@code {"replace": "/name", "value": ...}}. */
    public static ImagePatch parse(List<?> document, boolean legacy, int maxOperations) {
        if (document.size() > maxOperations) {
            throw new ApiException(413, "Too many patch operations: " + document.size() + ", at most "
                    + maxOperations + " are accepted in one request.");
        }
        List<Operation> operations = new ArrayList<>();
        for (Object item : document) {
            if (!(item instanceof Map<?, ?> change)) {
                throw ApiException.badRequest("Operations must be JSON objects.");
            }
            operations.add(legacy ? legacy(change) : current(change));
        }
        return new ImagePatch(operations);
    }

    private static Operation current(Map<?, ?> change) {
        if (!(change.get("op") instanceof String op) || !List.of("add", "replace", "remove").contains(op)) {
            throw ApiException.badRequest("Operation objects must contain a member 'op' with one of the values "
                    + "'add', 'replace' or 'remove'.");
        }
        if (!(change.get("path") instanceof String path)) {
            throw ApiException.badRequest("Unable to find 'path' in JSON Schema change");
        }
        return operation(op, path, change);
    }

    private static Operation legacy(Map<?, ?> change) {
        List<String> ops = new ArrayList<>();
        for (String op : List.of("add", "replace", "remove")) {
            if (change.containsKey(op)) {
                ops.add(op);
            }
        }
        if (ops.size() != 1 || !(change.get(ops.get(0)) instanceof String path)) {
            throw ApiException.badRequest("Operation objects must contain exactly one member named \"add\", "
                    + "\"remove\", or \"replace\".");
        }
        return operation(ops.get(0), path, change);
    }

    private static Operation operation(String op, String path, Map<?, ?> change) {
        if (!"remove".equals(op) && !change.containsKey("value")) {
            throw ApiException.badRequest("Operation \"" + op + "\" requires a member named \"value\".");
        }
        if (path.equals("/locations") || path.startsWith("/locations/")) {
            return new Operation(op, "locations", change.get("value"),
                    LocationOperation.parse(op, path, change.get("value")));
        }
        String attribute = attribute(path);
        ImageAttributes.checkWritable(attribute);
        return new Operation(op, attribute, change.get("value"), null);
    }

    /** The one attribute a pointer names; Glance's images have no deeper paths except locations. */
    private static String attribute(String pointer) {
        if (!pointer.startsWith("/")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` does not start with \"/\".");
        }
        if (pointer.endsWith("/") || pointer.contains("//")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` contains an empty segment.");
        }
        String[] segments = pointer.substring(1).split("/");
        if (segments.length != 1) {
            throw ApiException.badRequest("Invalid JSON pointer for this resource: '" + pointer + "'");
        }
        StringBuilder name = new StringBuilder();
        String segment = segments[0];
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '~') {
                char next = i + 1 < segment.length() ? segment.charAt(i + 1) : ' ';
                if (next != '0' && next != '1') {
                    throw ApiException.badRequest("Pointer `" + pointer + "` contains \"~\" not part of a "
                            + "recognized escape sequence.");
                }
                name.append(next == '0' ? '~' : '/');
                i++;
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** The operations, in the order they are applied. */
    public List<Operation> operations() {
        return operations;
    }

    /** Whether any operation changes an attribute or property (not a location), so needs modify_image. */
    public boolean changesAttributes() {
        return operations.isEmpty() || operations.stream().anyMatch(operation -> !operation.isLocation());
    }

    /** Applies one attribute operation to {@code image}; throws if it is refused. */
    public static void apply(Operation operation, ImageRecord image, Caller caller, ImagesConfig config) {
        String key = operation.path();
        switch (operation.op()) {
            case "add" -> ImageAttributes.set(image, key, operation.value(), caller, config);
            case "replace" -> {
                if (!ImageAttributes.isBase(key) && !image.properties.containsKey(key)) {
                    throw ApiException.conflict("Property " + key + " does not exist.");
                }
                ImageAttributes.set(image, key, operation.value(), caller, config);
            }
            default -> remove(image, key);
        }
    }

    /** Applies every attribute operation to {@code image}; throws before returning if any of them is refused. */
    public void applyTo(ImageRecord image, Caller caller, ImagesConfig config) {
        for (Operation operation : operations) {
            if (!operation.isLocation()) {
                apply(operation, image, caller, config);
            }
        }
        ImageAttributes.checkQuotas(image, config);
    }

    private static void remove(ImageRecord image, String key) {
        if (ImageAttributes.isBase(key)) {
            throw ApiException.forbidden("Property " + key + " may not be removed.");
        }
        if (!image.properties.containsKey(key)) {
            throw ApiException.conflict("Property " + key + " does not exist.");
        }
        Map<String, String> properties = new LinkedHashMap<>(image.properties);
        properties.remove(key);
        image.properties = properties;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}
