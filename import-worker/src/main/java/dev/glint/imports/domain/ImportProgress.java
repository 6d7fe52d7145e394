package dev.glint.imports.domain;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it, for the progress a running import reports. */
final class ImportProgress extends FilterInputStream {

    private volatile long copied;

    ImportProgress(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copied++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            copied += n;
        }
        return n;
    }

    long copied() {
        return copied;
    }
}
