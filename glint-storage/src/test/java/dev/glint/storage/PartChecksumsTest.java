package dev.glint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PartChecksumsTest {

    private static final byte[] ONE = PartChecksums.md5(new byte[] {1, 2, 3}, 3);
    private static final byte[] TWO = PartChecksums.md5(new byte[] {4, 5}, 2);

    @Test
    void theObjectETagIsTheMd5OfThePartMd5sInPartOrder() {
        PartChecksums checksums = new PartChecksums();
        // Parts may complete out of order.
        checksums.part(2, TWO, "\"" + hex(TWO) + "\"");
        checksums.part(1, ONE, hex(ONE).toUpperCase());

        byte[] joined = new byte[32];
        System.arraycopy(ONE, 0, joined, 0, 16);
        System.arraycopy(TWO, 0, joined, 16, 16);
        assertEquals(hex(PartChecksums.md5(joined, 32)) + "-2", checksums.objectEtag().orElseThrow());
    }

    @Test
    void aPartTheStoreHashedDifferentlyFailsTheUpload() {
        PartChecksums checksums = new PartChecksums();
        StorageException e = assertThrows(StorageException.class, () -> checksums.part(1, ONE, hex(TWO)));
        assertTrue(e.getMessage().contains("part 1"), e.getMessage());
    }

    @Test
    void aPartETagThatIsNoMd5LeavesNothingToExpect() {
        PartChecksums checksums = new PartChecksums();
        checksums.part(1, ONE, hex(ONE));
        checksums.part(2, TWO, "opaque-etag-from-a-gateway");
        assertTrue(checksums.objectEtag().isEmpty());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
