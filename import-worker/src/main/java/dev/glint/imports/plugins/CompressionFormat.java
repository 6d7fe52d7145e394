package dev.glint.imports.plugins;

/**
 * The compressed formats image-decompression recognises, each by the magic bytes it starts with.
 */
public enum CompressionFormat {
    GZIP("gzip"),
    ZIP("zip"),
    BZIP2("bzip2"),
    ZSTD("zstd"),
    /** Not compressed (or not in a format known here): passed through unchanged. */
    NONE("none");

    /** Bytes needed to tell the formats apart. */
    static final int HEADER_LENGTH = 10;

    private final String displayName;

    CompressionFormat(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The format the data starting with these bytes is in; {@link #NONE} when none matches. */
    public static CompressionFormat detect(byte[] head, int length) {
        // gzip: 1f 8b, then 08 for deflate, the only method there is (Glance checks the same 3 bytes).
        if (startsWith(head, length, 0x1f, 0x8b, 0x08)) {
            return GZIP;
        }
        // zip: a local file header, "PK\3\4".
        if (startsWith(head, length, 0x50, 0x4b, 0x03, 0x04)) {
            return ZIP;
        }
        // bzip2: "BZh", the block size '1'..'9', then the magic of a block (pi) or of the end of
        // the stream (sqrt(pi)): ten bytes, so a raw disk that happens to start with "BZh" is not
        // mistaken for one.
        if (length >= 10 && startsWith(head, length, 'B', 'Z', 'h') && head[3] >= '1' && head[3] <= '9'
                && (matchesAt(head, 4, length, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)
                        || matchesAt(head, 4, length, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90))) {
            return BZIP2;
        }
        // zstd: the frame magic 0xFD2FB528, little-endian.
        if (startsWith(head, length, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        return NONE;
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        return matchesAt(head, 0, length, magic);
    }

    private static boolean matchesAt(byte[] head, int offset, int length, int... magic) {
        if (length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
