package dev.glint.api.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails the read that would pass the image size cap, so an unsized upload cannot grow without bound. */
final class CappedInputStream extends FilterInputStream {

    private final long cap;
    private long count;
    private volatile boolean exceeded;

    CappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) throws IOException {
        count += n;
        if (count > cap) {
            exceeded = true;
            throw new IOException("image data exceeds the size cap of " + cap + " bytes");
        }
    }
}
