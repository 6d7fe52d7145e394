package dev.glint.imports.domain;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers a failure of reading the source, so that a failed copy can be blamed on the source
 * (the import fails) or on the target store (only that store failed).
 */
final class TrackedSource extends FilterInputStream {

    private volatile IOException failure;

    TrackedSource(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    IOException failure() {
        return failure;
    }
}
