package dev.glint.imports.plugins;

import java.nio.file.Path;

/**
 * What image-conversion did: the file to store ({@code output}: the converted file, or the input
 * itself when nothing had to be converted), its disk_format and size in bytes, the format the
 * input was found to be in, and the image's virtual size (-1 when qemu-img was not asked).
 * After a conversion the image's container_format becomes bare, as in Glance.
 */
public record ConversionResult(
        Path output,
        String diskFormat,
        long size,
        String detectedFormat,
        long virtualSize,
        boolean converted) {
}
