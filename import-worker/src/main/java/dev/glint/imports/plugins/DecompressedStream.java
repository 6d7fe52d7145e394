package dev.glint.imports.plugins;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The image data after image-decompression: {@code stream} yields the uncompressed bytes (or the
 * original ones when {@code format} is {@link CompressionFormat#NONE}); closing closes the source.
 */
public record DecompressedStream(InputStream stream, CompressionFormat format) implements Closeable {

    public boolean decompressed() {
        return format != CompressionFormat.NONE;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
