package dev.glint.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A PATCH operation on an image's locations, as Glance accepts them: {@code add} at
 * {@code /locations/N} or {@code /locations/-}, {@code remove} at {@code /locations/N} (or
 * {@code -}, the last), and {@code replace} of the whole list at {@code /locations}. Other paths
 * are 400, as are values that do not fit the image schema's location item.
 *
 * @param position the path's last segment for add and remove (checked against the list when applied)
 * @param values   the location to add, or the whole new list for replace; empty for remove
 */
public record LocationOperation(String op, String position, List<LocationValue> values) {

    static LocationOperation parse(String op, String pointer, Object value) {
        String[] segments = pointer.substring(1).split("/", -1);
        int depth = op.equals("replace") ? 1 : 2;
        if (segments.length != depth || (depth == 2 && segments[1].isBlank())) {
            throw ApiException.badRequest("Invalid JSON pointer for this resource: '" + pointer + "'");
        }
        return switch (op) {
            case "add" -> new LocationOperation(op, segments[1], List.of(LocationValue.parse(value)));
            case "remove" -> new LocationOperation(op, segments[1], List.of());
            default -> {
                if (!(value instanceof List<?> list)) {
                    throw ApiException.badRequest("Provided object does not match schema 'image': 'locations' must be an array");
                }
                List<LocationValue> values = new ArrayList<>();
                list.forEach(item -> values.add(LocationValue.parse(item)));
                yield new LocationOperation(op, null, values);
            }
        };
    }
}
