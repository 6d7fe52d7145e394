package dev.glint.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts the bytes that pass through and computes Glance's two hashes of them on the way: the MD5
 * {@code checksum} and the {@code os_hash_value} of a configurable algorithm (sha512 by default).
 */
public class DigestingInputStream extends FilterInputStream {

    private final MessageDigest md5;
    private final MessageDigest multihash;
    private final String hashAlgorithm;
    private long count;

    public DigestingInputStream(InputStream in, String hashAlgorithm) {
        super(in);
        this.hashAlgorithm = hashAlgorithm;
        this.md5 = digest("MD5");
        this.multihash = digest(javaName(hashAlgorithm));
    }

    /** Glance names hashlib algorithms ("sha512", "sha256"); Java names them "SHA-512". */
    static String javaName(String glanceName) {
        String lower = glanceName.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("sha3_")) {
            return "SHA3-" + lower.substring(5);
        }
        if (lower.startsWith("sha") && !lower.contains("-")) {
            return "SHA-" + lower.substring(3);
        }
        return glanceName;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Unsupported hash algorithm " + name, e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            md5.update((byte) b);
            multihash.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            md5.update(buffer, offset, n);
            multihash.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("Skipping would leave bytes out of the hashes");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long count() {
        return count;
    }

    /** The digests of everything read so far; call once, at the end. */
    public ImageDigests digests() {
        HexFormat hex = HexFormat.of();
        return new ImageDigests(count, hex.formatHex(md5.digest()), hashAlgorithm,
                hex.formatHex(multihash.digest()));
    }

    /** Reads {@code in} to its end and returns its digests. */
    public static ImageDigests digestAll(InputStream in, String hashAlgorithm) throws IOException {
        DigestingInputStream digesting = new DigestingInputStream(in, hashAlgorithm);
        byte[] buffer = new byte[256 * 1024];
        while (digesting.read(buffer, 0, buffer.length) >= 0) {
            // the digests are the point
        }
        return digesting.digests();
    }
}
