package dev.glint.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Computes Glance's two hashes of image data, the MD5 {@code checksum} and the {@code os_hash_value}
 * of a configurable algorithm (sha512 by default), each on its own thread.
 *
 * <p>Why two threads: the two digests together cost more CPU per byte than moving the data does,
 * and one digest does not need the other, so running them side by side (and beside the transfer)
 * halves the time hashing adds to an upload or a verification.
 */
public final class ImageDigester {

    private static final ExecutorService LANES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "glint-digest");
        thread.setDaemon(true);
        return thread;
    });
    private static final int READ_BUFFER = 4 << 20;

    private final String hashAlgorithm;
    private final MessageDigest md5;
    private final MessageDigest multihash;
    private CompletableFuture<Void> md5Done = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> multihashDone = CompletableFuture.completedFuture(null);
    private long size;

    public ImageDigester(String hashAlgorithm) {
        this.hashAlgorithm = hashAlgorithm;
        this.md5 = digest("MD5");
        this.multihash = digest(javaName(hashAlgorithm));
    }

    /** Glance names hashlib algorithms ("sha512", "sha3_256"); Java names them "SHA-512", "SHA3-256". */
    static String javaName(String glanceName) {
        String lower = glanceName.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha3_")) {
            return "SHA3-" + lower.substring(5);
        }
        if (lower.startsWith("sha") && !lower.contains("-")) {
            return "SHA-" + lower.substring(3);
        }
        return glanceName;
    }

    /** Bytes in a digest of Glance's algorithm {@code glanceName}; empty when the algorithm is unknown here. */
    public static java.util.OptionalInt digestLength(String glanceName) {
        try {
            return java.util.OptionalInt.of(MessageDigest.getInstance(javaName(glanceName)).getDigestLength());
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return java.util.OptionalInt.empty();
        }
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Unsupported hash algorithm " + name, e);
        }
    }

    /**
     * Hashes {@code data[0, length)} in the background, after everything given before. The caller
     * must leave those bytes alone until the returned future completes.
     */
    public CompletableFuture<Void> update(byte[] data, int length) {
        size += length;
        md5Done = md5Done.thenRunAsync(() -> md5.update(data, 0, length), LANES);
        multihashDone = multihashDone.thenRunAsync(() -> multihash.update(data, 0, length), LANES);
        return CompletableFuture.allOf(md5Done, multihashDone);
    }

    /** Waits for the pending updates; call once, at the end. */
    public ImageDigests finish() {
        try {
            CompletableFuture.allOf(md5Done, multihashDone).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Hashing failed", e.getCause());
        }
        HexFormat hex = HexFormat.of();
        return new ImageDigests(size, hex.formatHex(md5.digest()), hashAlgorithm, hex.formatHex(multihash.digest()));
    }

    /** Reads {@code in} to its end, hashing one buffer while the next is read. */
    public static ImageDigests digestAll(InputStream in, String hashAlgorithm) throws IOException {
        ImageDigester digester = new ImageDigester(hashAlgorithm);
        byte[][] buffers = {new byte[READ_BUFFER], new byte[READ_BUFFER]};
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] hashed = new CompletableFuture[] {
            CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null)};
        int current = 0;
        while (true) {
            hashed[current].join();
            int length = in.readNBytes(buffers[current], 0, READ_BUFFER);
            if (length == 0) {
                return digester.finish();
            }
            hashed[current] = digester.update(buffers[current], length);
            current ^= 1;
        }
    }
}
