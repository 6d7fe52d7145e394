package dev.glint.imports.plugins;

import dev.glint.imports.source.ReadThroughStream;
import dev.glint.storage.FailureRecordingStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The image-decompression import plugin, like Glance's {@code image_decompression}: data that
 * starts with the magic bytes of gzip, zip, bzip2 or zstd is decompressed while it streams, and
 * anything else passes through unchanged. Nothing is spooled to disk or held in memory beyond the
 * decompressors' own windows.
 *
 * <p>As in Glance, an image whose container_format is {@code compressed} is stored as it is, and a
 * zip archive must hold exactly one file. Glance checks that before extracting; a stream can only
 * tell once the first file has been read, so a second entry fails the import at the end of the
 * first one (the pipeline then removes what it wrote). Concatenated gzip members, bzip2 streams
 * and zstd frames are all read, as the command-line tools do.
 *
 * <p>The output can be far larger than the input: the pipeline must apply the image size cap to
 * the bytes that come out of here.
 */
public final class ImageDecompression {

    /** Glance's container_format for data that is meant to stay compressed. */
    public static final String COMPRESSED_CONTAINER_FORMAT = "compressed";

    private static final int BUFFER = 64 * 1024;

    /**
     * Wraps {@code source} so that reading gives the uncompressed image.
     *
     * @param containerFormat the image's container_format, or null
     * @throws DecompressionException when the data is a zip archive that holds no file or starts
     *     with a directory, or when a format's header is corrupt
     */
    public DecompressedStream open(InputStream source, String containerFormat) throws IOException {
        if (containerFormat != null && COMPRESSED_CONTAINER_FORMAT.equals(containerFormat.toLowerCase(Locale.ROOT))) {
            return new DecompressedStream(source, CompressionFormat.NONE);
        }
        FailureRecordingStream tracked = new FailureRecordingStream(source);
        BufferedInputStream in = new BufferedInputStream(tracked, BUFFER);
        in.mark(CompressionFormat.HEADER_LENGTH);
        byte[] head = in.readNBytes(CompressionFormat.HEADER_LENGTH);
        in.reset();
        CompressionFormat format = CompressionFormat.detect(head, head.length);
        if (format == CompressionFormat.NONE) {
            return new DecompressedStream(in, format);
        }
        InputStream decompressed;
        try {
            decompressed = switch (format) {
                case GZIP -> new GzipCompressorInputStream(in, true);
                case BZIP2 -> new BZip2CompressorInputStream(in, true);
                case ZSTD -> new ZstdCompressorInputStream(in);
                case ZIP -> SingleFileZipStream.open(in);
                case NONE -> throw new IllegalStateException();
            };
        } catch (DecompressionException e) {
            in.close();
            throw e;
        } catch (IOException e) {
            in.close();
            throw tracked.threw(e) ? e : corrupt(format, e);
        }
        return new DecompressedStream(new NamingErrors(decompressed, format, tracked), format);
    }

    private static DecompressionException corrupt(CompressionFormat format, IOException e) {
        return new DecompressionException("image-decompression: the data starts like " + format.displayName()
                + " but could not be decompressed: " + e.getMessage(), e);
    }

    /** Remembers what the source itself threw, so such errors pass through with their own message. */

    /** Decompressor errors become "the data is corrupt" messages; source errors stay as they are. */
    private static final class NamingErrors extends ReadThroughStream {
        private final CompressionFormat format;
        private final FailureRecordingStream source;

        NamingErrors(InputStream in, CompressionFormat format, FailureRecordingStream source) {
            super(in);
            this.format = format;
            this.source = source;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (DecompressionException e) {
                throw e;
            } catch (IOException e) {
                if (source.threw(e)) {
                    throw source.failure();
                }
                throw corrupt(format, e);
            } catch (RuntimeException e) {
                // Some decoders signal bad input with unchecked exceptions.
                throw corrupt(format, new IOException(e.toString(), e));
            }
        }
    }

    /**
     * The one file of a zip archive, read as the archive streams by; an archive with any other
     * entry is refused, as Glance refuses it.
     */
    private static final class SingleFileZipStream extends ReadThroughStream {
        private static final String ONE_FILE = "image-decompression takes zip archives of exactly one file, as Glance does";
        private final ZipArchiveInputStream zip;
        private boolean checkedRest;

        private SingleFileZipStream(ZipArchiveInputStream zip) {
            super(zip);
            this.zip = zip;
        }

        static InputStream open(InputStream in) throws IOException {
            // Stored entries with a data descriptor are what streaming zip writers produce.
            ZipArchiveInputStream zip = new ZipArchiveInputStream(in, StandardCharsets.UTF_8.name(), true, true);
            ZipArchiveEntry first = zip.getNextEntry();
            if (first == null) {
                throw new DecompressionException("zip archive holds no file; " + ONE_FILE);
            }
            if (first.isDirectory()) {
                throw new DecompressionException("zip archive starts with the directory " + shorten(first.getName())
                        + "; " + ONE_FILE);
            }
            if (!zip.canReadEntryData(first)) {
                throw new DecompressionException("zip archive entry " + shorten(first.getName())
                        + " is encrypted or uses a compression method that cannot be read (method "
                        + first.getMethod() + ")");
            }
            return new SingleFileZipStream(zip);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = zip.read(b, off, len);
            if (n < 0 && !checkedRest) {
                checkedRest = true;
                ZipArchiveEntry next = zip.getNextEntry();
                if (next != null) {
                    throw new DecompressionException("zip archive holds more than one file (also "
                            + shorten(next.getName()) + "); " + ONE_FILE);
                }
            }
            return n;
        }

        private static String shorten(String name) {
            return name.length() <= 100 ? name : name.substring(0, 100) + "...";
        }
    }
}
