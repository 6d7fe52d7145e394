package dev.glint.reliability.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ContentTest {

    @Test
    void theSameSeedAndSizeAreTheSameBytesHoweverTheyAreRead() throws Exception {
        Content content = new Content(42, 100_003);
        byte[] whole = content.open().readAllBytes();
        assertEquals(100_003, whole.length);
        byte[] piecewise = new byte[whole.length];
        try (InputStream in = content.open()) {
            int offset = 0;
            int step = 1;
            while (offset < piecewise.length) {
                int n = in.read(piecewise, offset, Math.min(step, piecewise.length - offset));
                offset += n;
                step = step * 3 % 1000 + 1;
            }
            assertEquals(-1, in.read());
        }
        assertArrayEquals(whole, piecewise);
        for (long offset : new long[] {0, 7, 8, 9, 99_999}) {
            assertEquals(whole[(int) offset], content.at(offset));
        }
        assertFalse(java.util.Arrays.equals(whole, new Content(43, 100_003).open().readAllBytes()));
    }

    @Test
    void verificationComparesEveryByteAndComputesGlancesHashes() throws Exception {
        Content content = new Content(7, 70_000);
        byte[] bytes = content.open().readAllBytes();
        Content.Verification same = content.verify(new ByteArrayInputStream(bytes));
        assertTrue(same.matches());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)), same.md5());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes)), same.sha512());

        bytes[65_537] ^= 1;
        assertEquals(65_537, content.verify(new ByteArrayInputStream(bytes)).firstMismatch());
        assertEquals(69_999, content.verify(new ByteArrayInputStream(java.util.Arrays.copyOf(content.open().readAllBytes(),
                69_999))).firstMismatch());
        assertEquals(70_000, content.verify(new ByteArrayInputStream(java.util.Arrays.copyOf(content.open().readAllBytes(),
                70_001))).firstMismatch());
    }
}
