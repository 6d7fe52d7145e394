package dev.glint.reliability.content;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Image data that is never stored by the driver: {@code size} pseudo-random bytes determined by
 * {@code seed}, produced again whenever they are needed (to upload, to serve for web-download, to
 * compare a download with), so a run can move gigabytes without keeping any of it.
 */
public record Content(long seed, long size) {

    public Content {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    /** The bytes, streamed. */
    public InputStream open() {
        return new Stream(this);
    }

    /** The 8 bytes of block {@code index}: splitmix64 of the seed and the index, so any block can be computed alone. */
    static long block(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The byte at {@code offset}. */
    public byte at(long offset) {
        return (byte) (block(seed, offset >>> 3) >>> ((offset & 7) * 8));
    }

    /**
     * Reads {@code in} to its end and compares it with these bytes, computing MD5 and SHA-512 of
     * what was read on the way (Glance's {@code checksum} and, by default, {@code os_hash_value}).
     */
    public Verification verify(InputStream in) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha512 = digest("SHA-512");
        byte[] buffer = new byte[1 << 16];
        byte[] expected = new byte[buffer.length];
        InputStream reference = open();
        long offset = 0;
        long mismatch = -1;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            md5.update(buffer, 0, n);
            sha512.update(buffer, 0, n);
            if (mismatch < 0) {
                int have = reference.readNBytes(expected, 0, n);
                int differs = Arrays.mismatch(buffer, 0, n, expected, 0, have);
                if (differs >= 0) {
                    mismatch = offset + differs;
                }
            }
            offset += n;
        }
        if (mismatch < 0 && offset != size) {
            mismatch = offset;
        }
        return new Verification(offset, mismatch, HexFormat.of().formatHex(md5.digest()),
                HexFormat.of().formatHex(sha512.digest()));
    }

    /** What a download turned out to be. */
    public record Verification(long bytes, long firstMismatch, String md5, String sha512) {

        public boolean matches() {
            return firstMismatch < 0;
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Stream extends InputStream {

        private final Content content;
        private long offset;

        Stream(Content content) {
            this.content = content;
        }

        @Override
        public int read() {
            if (offset >= content.size()) {
                return -1;
            }
            return content.at(offset++) & 0xFF;
        }

        @Override
        public int read(byte[] target, int from, int length) {
            if (offset >= content.size()) {
                return -1;
            }
            int n = (int) Math.min(length, content.size() - offset);
            int i = 0;
            // Whole blocks at a time: one splitmix64 per 8 bytes.
            while (i < n) {
                long index = (offset + i) >>> 3;
                int within = (int) ((offset + i) & 7);
                long value = block(content.seed(), index) >>> (within * 8);
                for (int b = within; b < 8 && i < n; b++, i++) {
                    target[from + i] = (byte) value;
                    value >>>= 8;
                }
            }
            offset += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, content.size() - offset));
            offset += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, content.size() - offset);
        }
    }
}
