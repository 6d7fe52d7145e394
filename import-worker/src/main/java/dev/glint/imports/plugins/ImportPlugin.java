package dev.glint.imports.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The import plugins Glint offers, by their config names ({@code glint.import.plugins}); Glance's
 * {@code image_import_plugins} names (with underscores) are accepted as well.
 */
public enum ImportPlugin {
    /** Unpacks gzip, zip (one file), bzip2 and zstd data on the fly: {@link ImageDecompression}. */
    IMAGE_DECOMPRESSION("image-decompression"),
    /** Converts disk formats with qemu-img: {@link ImageConversion}. */
    IMAGE_CONVERSION("image-conversion");

    private final String configName;

    ImportPlugin(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The plugins named, in the order given; an unknown name is an error that lists the known ones. */
    public static List<ImportPlugin> parse(List<String> names) {
        List<ImportPlugin> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (name.isEmpty()) {
                continue;
            }
            ImportPlugin plugin = null;
            for (ImportPlugin p : values()) {
                if (p.configName.equals(name)) {
                    plugin = p;
                }
            }
            if (plugin == null) {
                throw new IllegalArgumentException("glint.import.plugins names " + raw.trim()
                        + ", which is no import plugin; known: image-decompression, image-conversion");
            }
            if (!out.contains(plugin)) {
                out.add(plugin);
            }
        }
        return List.copyOf(out);
    }
}
