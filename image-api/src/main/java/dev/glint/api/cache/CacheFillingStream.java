package dev.glint.api.cache;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A download's data as the store sends it, copied into a cache file on the way (Glance's cache
 * middleware does the same). The copy is written beside the download ({@link BackgroundCopy}): a
 * cold download goes at the store's speed, not the cache disk's (written in the download's path it
 * went at the disk's, 214 MB/s here against 834 from the cache: docs/benchmarks.md). A copy that
 * cannot be written or falls too far behind is given up and the download goes on. At close the
 * copy is ended as complete (every byte of the image read) or incomplete (the client went away,
 * the store failed).
 */
final class CacheFillingStream extends FilterInputStream {

    private final BackgroundCopy copy;
    private final long expectedSize;
    private boolean copying = true;
    private boolean closed;
    private long copied;

    CacheFillingStream(InputStream source, ImageCache.Fill fill, BackgroundCopy copy) {
        super(source);
        this.copy = copy;
        this.expectedSize = fill.expectedSize();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            copy(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            copy(buffer, offset, n);
        }
        return n;
    }

    /** Skipped bytes are not in the copy, so it can no longer be complete. */
    @Override
    public long skip(long n) throws IOException {
        copying = false;
        return in.skip(n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void copy(byte[] buffer, int offset, int length) {
        if (!copying) {
            return;
        }
        if (copy.offer(buffer, offset, length)) {
            copied += length;
        } else {
            copying = false;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } finally {
            copy.end(copying && copied == expectedSize);
        }
    }
}
