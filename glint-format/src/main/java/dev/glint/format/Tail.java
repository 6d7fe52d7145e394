package dev.glint.format;

/** The last bytes of the stream (footers: a fixed VHD's, a streamOptimized VMDK's), kept in a ring. */
final class Tail {

    static final int SIZE = 1536;

    private final byte[] ring = new byte[SIZE];
    /** Bytes written into the ring; only the last SIZE of a chunk are, the rest would be overwritten. */
    private long written;
    private long seen;

    void update(byte[] data, int offset, int length) {
        int skip = Math.max(0, length - SIZE);
        for (int i = offset + skip; i < offset + length; i++) {
            ring[(int) (written++ % SIZE)] = data[i];
        }
        seen += length;
    }

    /** The last {@code n} bytes (n at most {@link #SIZE}), or null when fewer were seen. */
    byte[] last(int n) {
        if (n > SIZE || seen < n) {
            return null;
        }
        byte[] out = new byte[n];
        long start = written - n;
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((start + i) % SIZE)];
        }
        return out;
    }
}
