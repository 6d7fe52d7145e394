package dev.glint.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VMDK descriptor, read line by line (VMware's Virtual Disk Format 1.1, "The Descriptor File"):
 * comments, {@code key = value} fields, {@code ddb.*} disk database entries and extent lines
 * ({@code RW 2097152 SPARSE "disk.vmdk"}). Like Glance, it accepts nothing else: a line it cannot
 * read is a reason to refuse, since qemu might read it differently.
 */
final class VmdkDescriptor {

    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_.]*)\\s*=\\s*(.*)");
    private static final Pattern EXTENT = Pattern.compile(
            "(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+([A-Za-z]+)(?:\\s+\"([^\"]*)\"(?:\\s+(\\d+))?)?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Set<String> EXTENT_TYPES = Set.of("FLAT", "SPARSE", "ZERO", "VMFS", "VMFSSPARSE", "VMFSRDM",
            "VMFSRAW", "SESPARSE");
    private static final String NO_PARENT = "ffffffff";

    record Extent(String access, long sectors, String type, String file) {
    }

    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<Extent> extents = new ArrayList<>();
    private String unreadable;
    private int lines;

    void line(String raw) {
        lines++;
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || unreadable != null) {
            return;
        }
        if (line.regionMatches(true, 0, "ddb.", 0, 4)) {
            return;
        }
        Matcher extent = EXTENT.matcher(line);
        if (extent.matches()) {
            String type = extent.group(3).toUpperCase(Locale.ROOT);
            if (!EXTENT_TYPES.contains(type)) {
                unreadable = "extent type " + Bytes.printable(extent.group(3)) + " on line " + lines;
                return;
            }
            long sectors;
            try {
                sectors = Long.parseLong(extent.group(2));
            } catch (NumberFormatException e) {
                unreadable = "extent size " + Bytes.printable(extent.group(2)) + " on line " + lines;
                return;
            }
            extents.add(new Extent(extent.group(1).toUpperCase(Locale.ROOT), sectors, type, extent.group(4)));
            return;
        }
        Matcher field = FIELD.matcher(line);
        if (field.matches()) {
            String value = field.group(2).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            fields.putIfAbsent(field.group(1).toLowerCase(Locale.ROOT), value);
            return;
        }
        unreadable = "line " + lines + " (" + Bytes.printable(line) + ")";
    }

    /** What of the descriptor could not be read, or null when every line could. */
    String unreadable() {
        return unreadable;
    }

    String createType() {
        return fields.get("createtype");
    }

    /** The parent this disk is a delta of, in words, or null when it has none. */
    String parent() {
        String hint = fields.get("parentfilenamehint");
        if (hint != null) {
            return "parentFileNameHint " + Bytes.printable(hint);
        }
        String parentCid = fields.get("parentcid");
        if (parentCid != null && !parentCid.equalsIgnoreCase(NO_PARENT)) {
            return "parent CID " + Bytes.printable(parentCid);
        }
        return null;
    }

    List<Extent> extents() {
        return extents;
    }
}
