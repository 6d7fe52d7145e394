package dev.glint.api.cache;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A download's data as the store sends it, copied into a cache file on the way (Glance's cache
 * middleware does the same). A copy that cannot be written is given up and the download goes on.
 * The copy is written in the reader's path, so a cold download runs no faster than the cache's
 * disk takes the copy (docs/benchmarks.md measured 214 MB/s here, against 834 from the cache):
 * writing it beside the download is still to do. At close the copy is handed on complete (every
 * byte of the image read) or incomplete (the client went away, the store failed).
 */
final class CacheFillingStream extends FilterInputStream {

    private static final Logger LOG = Logger.getLogger(CacheFillingStream.class);

    private final ImageCache.Fill fill;
    private final Consumer<ImageCache.Fill> complete;
    private final Consumer<ImageCache.Fill> incomplete;
    private boolean copying = true;
    private boolean closed;
    private long copied;

    CacheFillingStream(InputStream source, ImageCache.Fill fill, Consumer<ImageCache.Fill> complete,
            Consumer<ImageCache.Fill> incomplete) {
        super(source);
        this.fill = fill;
        this.complete = complete;
        this.incomplete = incomplete;
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
        try {
            fill.out().write(buffer, offset, length);
            copied += length;
        } catch (IOException e) {
            LOG.warnf("Image cache: giving up caching image %s: %s", fill.imageId(), e.getMessage());
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
            boolean whole = copying && copied == fill.expectedSize();
            try {
                fill.out().close();
            } catch (IOException e) {
                whole = false;
            }
            (whole ? complete : incomplete).accept(fill);
        }
    }
}
