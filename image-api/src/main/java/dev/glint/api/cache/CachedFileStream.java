package dev.glint.api.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** {@code length} bytes of a cached file from the channel's position, counted as served from the cache. */
final class CachedFileStream extends InputStream {

    private final FileChannel channel;
    private final CacheMetrics metrics;
    private long remaining;

    CachedFileStream(FileChannel channel, long length, CacheMetrics metrics) {
        this.channel = channel;
        this.remaining = length;
        this.metrics = metrics;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, remaining)));
        if (n < 0) {
            // The file is shorter than verified: it changed under us. Fail rather than send short data.
            throw new IOException("The cached file ended " + remaining + " bytes early");
        }
        remaining -= n;
        metrics.served(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
