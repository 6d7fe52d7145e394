package dev.glint.api.domain;

import dev.glint.persistence.ImageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The order of a listing: Glance's {@code sort_key}/{@code sort_dir} (repeatable) or
 * {@code sort=key:dir,...}, always ending in created_at and id so that a marker names one place.
 * Nullable columns sort through a coalesce so that keyset paging can compare them.
 */
public final class ImageSort {

    /** A sortable attribute: its SQL expression and its value on a marker image (same coalesce). */
    record Key(String expression, Function<ImageRecord, Object> value) {
    }

    record Term(String name, Key key, boolean ascending) {
    }

    static final Map<String, Key> KEYS = Map.ofEntries(
            Map.entry("name", new Key("coalesce(i.name, '')", image -> image.name == null ? "" : image.name)),
            Map.entry("status", new Key("i.status", image -> image.status.apiName())),
            Map.entry("container_format", new Key("coalesce(i.container_format, '')",
                    image -> image.containerFormat == null ? "" : image.containerFormat)),
            Map.entry("disk_format", new Key("coalesce(i.disk_format, '')",
                    image -> image.diskFormat == null ? "" : image.diskFormat)),
            Map.entry("size", new Key("coalesce(i.size, -1)", image -> image.size == null ? -1L : image.size)),
            Map.entry("virtual_size", new Key("coalesce(i.virtual_size, -1)",
                    image -> image.virtualSize == null ? -1L : image.virtualSize)),
            Map.entry("id", new Key("i.id", image -> image.id)),
            Map.entry("created_at", new Key("i.created_at", image -> image.createdAt)),
            Map.entry("updated_at", new Key("i.updated_at", image -> image.updatedAt)),
            Map.entry("visibility", new Key("i.visibility", image -> image.visibility)),
            Map.entry("owner", new Key("i.owner", image -> image.owner)),
            Map.entry("min_ram", new Key("i.min_ram", image -> image.minRam)),
            Map.entry("min_disk", new Key("i.min_disk", image -> image.minDisk)),
            Map.entry("protected", new Key("i.protected", image -> image.isProtected)),
            Map.entry("os_hidden", new Key("i.os_hidden", image -> image.osHidden)));

    private final List<Term> terms;

    private ImageSort(List<Term> terms) {
        this.terms = terms;
    }

    List<Term> terms() {
        return terms;
    }

    public static ImageSort parse(ImageQuery query) {
        List<String> keys = query.all("sort_key");
        List<String> dirs = query.all("sort_dir");
        List<String> sort = query.all("sort");
        List<Term> terms = new ArrayList<>();
        if (!sort.isEmpty()) {
            if (!keys.isEmpty() || !dirs.isEmpty()) {
                throw ApiException.badRequest("The 'sort' parameter cannot be combined with 'sort_key' or 'sort_dir'.");
            }
            for (String spec : String.join(",", sort).split(",", -1)) {
                String[] parts = spec.trim().split(":", -1);
                if (parts.length > 2) {
                    throw ApiException.badRequest("Invalid sort value: " + spec);
                }
                terms.add(term(parts[0].trim(), parts.length == 2 ? parts[1].trim() : "desc", terms));
            }
        } else {
            if (dirs.size() > 1 && dirs.size() != keys.size()) {
                throw ApiException.badRequest("Number of sort dirs does not match the number of sort keys");
            }
            if (keys.isEmpty() && dirs.size() > 1) {
                throw ApiException.badRequest("Number of sort dirs does not match the number of sort keys");
            }
            for (int i = 0; i < keys.size(); i++) {
                String dir = dirs.isEmpty() ? "desc" : dirs.get(dirs.size() == 1 ? 0 : i);
                terms.add(term(keys.get(i), dir, terms));
            }
            if (keys.isEmpty() && dirs.size() == 1) {
                terms.add(term("created_at", dirs.get(0), terms));
            }
        }
        // As in Glance, the tie-breakers follow the one direction asked for, else they are descending;
        // so name:asc pages as (name, created_at, id) ascending, one index scanned either way.
        boolean ascending = terms.size() == 1 && terms.get(0).ascending()
                || (sort.isEmpty() && dirs.size() == 1 && dirs.get(0).equalsIgnoreCase("asc"));
        for (String tieBreaker : List.of("created_at", "id")) {
            if (terms.stream().noneMatch(term -> term.name().equals(tieBreaker))) {
                terms.add(new Term(tieBreaker, KEYS.get(tieBreaker), ascending));
            }
        }
        return new ImageSort(terms);
    }

    private static Term term(String name, String dir, List<Term> before) {
        Key key = KEYS.get(name);
        if (key == null) {
            throw ApiException.badRequest("Invalid sort key: " + name + ". Valid sort keys: "
                    + new TreeSet<>(KEYS.keySet()));
        }
        String direction = dir.toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + dir + ". It must be 'asc' or 'desc'.");
        }
        if (before.stream().anyMatch(term -> term.name().equals(name))) {
            throw ApiException.badRequest("Sort key " + name + " is given more than once.");
        }
        return new Term(name, key, direction.equals("asc"));
    }
}
