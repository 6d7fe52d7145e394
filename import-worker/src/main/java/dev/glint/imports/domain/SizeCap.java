package dev.glint.imports.domain;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails the read that takes an import's data past the image size cap. */
final class SizeCap extends FilterInputStream {

    private final long cap;
    private long read;

    SizeCap(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(long n) throws IOException {
        read += n;
        if (read > cap) {
            // An IOException, so that the copy blames the source, not the store.
            throw new IOException("The image data grew past the image size cap of " + cap + " bytes.");
        }
    }
}
