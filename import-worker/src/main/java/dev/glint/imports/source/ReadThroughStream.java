package dev.glint.imports.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter whose {@code skip} goes through {@code read} and which offers no mark: a subclass that
 * checks or counts what it reads sees every byte, however it is consumed.
 */
public abstract class ReadThroughStream extends FilterInputStream {

    protected ReadThroughStream(InputStream in) {
        super(in);
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - Math.max(0, left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
