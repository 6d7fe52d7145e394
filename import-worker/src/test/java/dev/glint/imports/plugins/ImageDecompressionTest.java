package dev.glint.imports.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** image-decompression on fixtures compressed in the test by the JDK and the libraries. */
class ImageDecompressionTest {

    private final ImageDecompression plugin = new ImageDecompression();

    /** Something like a disk image: runs of zeros and some noise, so it compresses but not trivially. */
    private static byte[] image(int size) {
        byte[] data = new byte[size];
        Random random = new Random(size);
        for (int off = 0; off < size; off += 4096) {
            if (random.nextInt(3) == 0) {
                byte[] block = new byte[Math.min(4096, size - off)];
                random.nextBytes(block);
                System.arraycopy(block, 0, data, off, block.length);
            }
        }
        return data;
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] data, Compressor compressor) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compressor.wrap(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        return compress(data, GZIPOutputStream::new);
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                if (namesAndContents[i + 1] != null) {
                    zip.write(namesAndContents[i + 1].getBytes());
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private DecompressedStream open(byte[] data) throws IOException {
        return plugin.open(new ByteArrayInputStream(data), "bare");
    }

    private byte[] decompress(byte[] data, CompressionFormat expected) throws IOException {
        try (DecompressedStream s = open(data)) {
            assertEquals(expected, s.format());
            return s.stream().readAllBytes();
        }
    }

    @Test
    void gzipIsDecompressed() throws IOException {
        byte[] image = image(3 * 1024 * 1024);
        assertArrayEquals(image, decompress(gzip(image), CompressionFormat.GZIP));
    }

    @Test
    void concatenatedGzipMembersAreAllRead() throws IOException {
        byte[] a = image(100_000);
        byte[] b = image(50_000);
        byte[] both = concat(gzip(a), gzip(b));
        assertArrayEquals(concat(a, b), decompress(both, CompressionFormat.GZIP));
    }

    @Test
    void bzip2IsDecompressed() throws IOException {
        byte[] image = image(1024 * 1024);
        byte[] compressed = compress(image, BZip2CompressorOutputStream::new);
        assertArrayEquals(image, decompress(compressed, CompressionFormat.BZIP2));
    }

    @Test
    void zstdIsDecompressed() throws IOException {
        byte[] image = image(3 * 1024 * 1024);
        byte[] compressed = compress(image, ZstdCompressorOutputStream::new);
        assertArrayEquals(image, decompress(compressed, CompressionFormat.ZSTD));
    }

    @Test
    void concatenatedZstdFramesAreAllRead() throws IOException {
        byte[] a = image(70_000);
        byte[] b = image(30_000);
        byte[] both = concat(compress(a, ZstdCompressorOutputStream::new), compress(b, ZstdCompressorOutputStream::new));
        assertArrayEquals(concat(a, b), decompress(both, CompressionFormat.ZSTD));
    }

    @Test
    void zipWithOneDeflatedFileIsUnpacked() throws IOException {
        assertArrayEquals("disk bytes".getBytes(), decompress(zip("disk.img", "disk bytes"), CompressionFormat.ZIP));
    }

    @Test
    void zipWithOneStoredFileIsUnpacked() throws IOException {
        byte[] image = image(200_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("disk.raw");
            entry.setMethod(ZipEntry.STORED);
            CRC32 crc = new CRC32();
            crc.update(image);
            entry.setCrc(crc.getValue());
            entry.setSize(image.length);
            zip.putNextEntry(entry);
            zip.write(image);
            zip.closeEntry();
        }
        assertArrayEquals(image, decompress(bytes.toByteArray(), CompressionFormat.ZIP));
    }

    @Test
    void zipWithSeveralFilesIsRefusedAsGlanceDoes() throws IOException {
        try (DecompressedStream s = open(zip("a.img", "first", "b.img", "second"))) {
            DecompressionException e = assertThrows(DecompressionException.class, () -> s.stream().readAllBytes());
            assertEquals("zip archive holds more than one file (also b.img); image-decompression takes zip archives"
                    + " of exactly one file, as Glance does", e.getMessage());
        }
    }

    @Test
    void zipThatStartsWithADirectoryIsRefused() {
        DecompressionException e = assertThrows(DecompressionException.class,
                () -> open(zip("images/", null, "images/a.img", "first")));
        assertEquals("zip archive starts with the directory images/; image-decompression takes zip archives"
                + " of exactly one file, as Glance does", e.getMessage());
    }

    @Test
    void emptyZipIsNoCompressedImage() throws IOException {
        // An empty archive has only its end record (PK\5\6), so it is not recognised as zip data.
        byte[] empty = zip();
        assertArrayEquals(empty, decompress(empty, CompressionFormat.NONE));
    }

    @Test
    void uncompressedDataPassesThroughUnchanged() throws IOException {
        byte[] raw = image(500_000);
        raw[0] = (byte) 0xeb; // an x86 boot sector's jump
        assertArrayEquals(raw, decompress(raw, CompressionFormat.NONE));
        byte[] qcow2 = concat(new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3}, image(1000));
        assertArrayEquals(qcow2, decompress(qcow2, CompressionFormat.NONE));
    }

    @Test
    void shortAndEmptyDataPassThrough() throws IOException {
        assertArrayEquals(new byte[0], decompress(new byte[0], CompressionFormat.NONE));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, decompress(new byte[] {0x1f, (byte) 0x8b}, CompressionFormat.NONE));
    }

    @Test
    void rawDataThatStartsLikeBzip2IsNotTakenForIt() throws IOException {
        byte[] raw = concat("BZh9 not really".getBytes(), image(1000));
        assertArrayEquals(raw, decompress(raw, CompressionFormat.NONE));
    }

    @Test
    void compressedContainerFormatIsKeptCompressedAsInGlance() throws IOException {
        byte[] compressed = gzip(image(10_000));
        try (DecompressedStream s = plugin.open(new ByteArrayInputStream(compressed), "COMPRESSED")) {
            assertFalse(s.decompressed());
            assertArrayEquals(compressed, s.stream().readAllBytes());
        }
        try (DecompressedStream s = plugin.open(new ByteArrayInputStream(compressed), null)) {
            assertTrue(s.decompressed());
        }
    }

    @Test
    void corruptGzipFailsWithAClearMessage() throws IOException {
        byte[] compressed = gzip(image(100_000));
        for (int i = 20; i < compressed.length - 20; i += 7) {
            compressed[i] ^= 0x5a;
        }
        try (DecompressedStream s = open(compressed)) {
            DecompressionException e = assertThrows(DecompressionException.class, () -> s.stream().readAllBytes());
            assertTrue(e.getMessage().startsWith("image-decompression: the data starts like gzip but could not be"
                    + " decompressed: "), e.getMessage());
        }
    }

    @Test
    void truncatedZstdFailsWithAClearMessage() throws IOException {
        byte[] compressed = compress(image(500_000), ZstdCompressorOutputStream::new);
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);
        try (DecompressedStream s = open(truncated)) {
            DecompressionException e = assertThrows(DecompressionException.class, () -> s.stream().readAllBytes());
            assertTrue(e.getMessage().startsWith("image-decompression: the data starts like zstd"), e.getMessage());
        }
    }

    @Test
    void truncatedBzip2FailsWithAClearMessage() throws IOException {
        byte[] compressed = compress(image(500_000), BZip2CompressorOutputStream::new);
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);
        // bzip2 reads its first block when opened, so a one-block stream fails there already.
        DecompressionException e = assertThrows(DecompressionException.class, () -> {
            try (DecompressedStream s = open(truncated)) {
                s.stream().readAllBytes();
            }
        });
        assertTrue(e.getMessage().startsWith("image-decompression: the data starts like bzip2"), e.getMessage());
    }

    @Test
    void sourceErrorsKeepTheirOwnMessage() throws IOException {
        byte[] compressed = gzip(image(2 * 1024 * 1024));
        IOException stalled = new IOException("web-download source example.com:443 sent no data for 30 s");
        InputStream failing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position > 200_000) {
                    throw stalled;
                }
                int n = Math.min(len, Math.min(8192, compressed.length - position));
                System.arraycopy(compressed, position, b, off, n);
                position += n;
                return n;
            }
        };
        try (DecompressedStream s = plugin.open(failing, "bare")) {
            IOException e = assertThrows(IOException.class, () -> s.stream().readAllBytes());
            assertSame(stalled, e);
        }
    }

    @Test
    void dataIsStreamedNotBuffered() throws IOException, NoSuchAlgorithmException {
        // 64 MiB of zeros compress to ~64 KiB; reading it in small steps must not need the whole.
        long size = 64L * 1024 * 1024;
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdCompressorOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (DecompressedStream s = open(compressed.toByteArray())) {
            byte[] buffer = new byte[65536];
            for (int n; (n = s.stream().read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(size, total);
    }

    @Test
    void detectionNeedsTheWholeMagic() {
        assertEquals(CompressionFormat.GZIP, CompressionFormat.detect(new byte[] {0x1f, (byte) 0x8b, 8}, 3));
        assertEquals(CompressionFormat.NONE, CompressionFormat.detect(new byte[] {0x1f, (byte) 0x8b, 7}, 3));
        assertEquals(CompressionFormat.ZSTD, CompressionFormat.detect(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 4));
        assertEquals(CompressionFormat.NONE, CompressionFormat.detect(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 3));
        assertEquals(CompressionFormat.ZIP, CompressionFormat.detect("PK\3\4".getBytes(), 4));
        assertEquals(CompressionFormat.NONE, CompressionFormat.detect("PK\5\6".getBytes(), 4));
    }

    @Test
    void pluginNamesAreParsedInOrder() {
        assertEquals(List.of(ImportPlugin.IMAGE_CONVERSION, ImportPlugin.IMAGE_DECOMPRESSION),
                ImportPlugin.parse(List.of("image_conversion", " Image-Decompression ", "", "image-conversion")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportPlugin.parse(List.of("inject_image_metadata")));
        assertEquals("glint.import.plugins names inject_image_metadata, which is no import plugin; known:"
                + " image-decompression, image-conversion", e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
