package dev.glint.imports.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter whose single-byte {@code read} and {@code skip} go through {@code read(byte[], int, int)}
 * and which offers no mark: a subclass that checks or counts what it reads overrides that one method
 * and sees every byte, however it is consumed.
 */
public abstract class ReadThroughStream extends FilterInputStream {

    protected ReadThroughStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
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
