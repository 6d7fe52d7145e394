package dev.glint.imports.plugins;

import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says about an image, as far as the import cares: the
 * format, the virtual (disk) size, and the references to other files that make an image unsafe to
 * open on this host (a backing file, an external data file, a VMDK's create-type).
 */
public record QemuImgInfo(
        String format,
        long virtualSize,
        Optional<String> backingFile,
        Optional<String> dataFile,
        Optional<String> vmdkCreateType) {
}
