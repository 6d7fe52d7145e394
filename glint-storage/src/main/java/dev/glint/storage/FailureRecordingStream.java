package dev.glint.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the failure of reading its source, so that whoever copies from it can tell a failing
 * source (a client gone, a web server that stalled) from a failing destination (the store).
 */
public class FailureRecordingStream extends FilterInputStream {

    private volatile IOException failure;

    public FailureRecordingStream(InputStream in) {
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

    /** The source's failure, or null when reading it never failed. */
    public IOException failure() {
        return failure;
    }

    /** Whether {@code thrown} is, or was caused by, the source's failure. */
    public boolean threw(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause == failure) {
                return true;
            }
        }
        return false;
    }
}
