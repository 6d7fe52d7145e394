package dev.glint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDigesterTest {

    @ParameterizedTest
    @CsvSource({"0,sha512,SHA-512", "1,sha256,SHA-256", "4194304,sha512,SHA-512", "9000017,sha3_256,SHA3-256"})
    void matchesPlainDigests(int size, String glanceName, String javaName) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);

        ImageDigests digests = ImageDigester.digestAll(new ByteArrayInputStream(data), glanceName);

        assertEquals(size, digests.size());
        assertEquals(hex("MD5", data), digests.checksum());
        assertEquals(glanceName, digests.hashAlgorithm());
        assertEquals(hex(javaName, data), digests.hashValue());
    }

    @ParameterizedTest
    @CsvSource({"1", "3", "7"})
    void partsGivenInOrderHashLikeTheWhole(int parts) throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(parts).nextBytes(data);
        ImageDigester digester = new ImageDigester("sha512");
        int step = data.length / parts + 1;
        for (int offset = 0; offset < data.length; offset += step) {
            byte[] part = java.util.Arrays.copyOfRange(data, offset, Math.min(data.length, offset + step));
            digester.update(part, part.length);
        }
        ImageDigests digests = digester.finish();
        assertEquals(hex("MD5", data), digests.checksum());
        assertEquals(hex("SHA-512", data), digests.hashValue());
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
