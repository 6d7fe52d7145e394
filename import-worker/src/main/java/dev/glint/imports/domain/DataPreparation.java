package dev.glint.imports.domain;

import dev.glint.format.FormatConfig;
import dev.glint.imports.config.ImportConfig;
import dev.glint.imports.plugins.ConversionResult;
import dev.glint.imports.plugins.DecompressedStream;
import dev.glint.imports.plugins.ImageConversion;
import dev.glint.imports.plugins.ImageDecompression;
import dev.glint.imports.plugins.ImportPlugin;
import dev.glint.imports.source.OpenedSource;
import dev.glint.persistence.ImageRecord;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies the enabled import plugins to the data of a new import, in Glance's order:
 * decompression as the data streams through, then conversion, which needs the whole image in a
 * local file (qemu-img cannot convert a stream).
 */
@ApplicationScoped
public class DataPreparation {

    private static final Logger LOG = Logger.getLogger(DataPreparation.class);

    private final List<ImportPlugin> plugins;
    private final long sizeCap;
    private final ImageDecompression decompression = new ImageDecompression();
    private final ImageConversion conversion;

    public DataPreparation(ImportConfig config, FormatConfig formats) {
        this.plugins = ImportPlugin.parse(config.plugins().orElse(List.of()));
        this.sizeCap = config.sizeCap();
        this.conversion = ImageConversion.from(config.conversion(), formats.rules());
    }

    void report(@Observes StartupEvent event) {
        LOG.infof("Import plugins enabled: %s", plugins.isEmpty() ? "none" : plugins);
        if (plugins.contains(ImportPlugin.IMAGE_CONVERSION)) {
            ImageConversion.Availability availability = conversion.availability();
            if (availability.available()) {
                LOG.infof("Image conversion to %s uses %s", conversion.outputFormat(), availability.message());
            } else {
                LOG.warnf("Image conversion is enabled but cannot run: %s", availability.message());
            }
        }
    }

    /** The data to store, and what the plugins found out about it; close it when done. */
    public record Prepared(OpenedSource source, String diskFormat, Long virtualSize, Path workFile)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                source.data().close();
            } catch (IOException e) {
                // already gone
            }
            if (workFile != null) {
                try {
                    Files.deleteIfExists(workFile);
                    Files.deleteIfExists(workFile.resolveSibling(workFile.getFileName() + ".converted"));
                } catch (IOException e) {
                    LOG.warnf("Could not remove import work file %s: %s", workFile, e.getMessage());
                }
            }
        }
    }

    public Prepared prepare(OpenedSource source, ImageRecord image) {
        OpenedSource current = source;
        try {
            if (plugins.contains(ImportPlugin.IMAGE_DECOMPRESSION)) {
                DecompressedStream decompressed = decompression.open(current.data(), image.containerFormat);
                if (decompressed.decompressed()) {
                    LOG.infof("Image %s data is %s-compressed; decompressing it", image.id, decompressed.format());
                    current = new OpenedSource(decompressed.stream(), -1, current.description());
                } else {
                    current = new OpenedSource(decompressed.stream(), current.length(), current.description());
                }
            }
            if (current.length() > sizeCap) {
                throw new ImportFailure("The image data is " + current.length() + " bytes, more than the image size cap of "
                        + sizeCap + " bytes.");
            }
            // Compressed data can expand without bound: the cap counts the bytes that come out.
            current = new OpenedSource(new SizeCap(current.data(), sizeCap), current.length(), current.description());
            if (!plugins.contains(ImportPlugin.IMAGE_CONVERSION)) {
                return new Prepared(current, null, null, null);
            }
            return convert(current, image);
        } catch (IOException e) {
            closeQuietly(current.data());
            throw new ImportFailure("Preparing the image data failed: " + e.getMessage(), e);
        }
    }

    private Prepared convert(OpenedSource source, ImageRecord image) throws IOException {
        Path work = Files.createTempFile("glint-import-" + image.id, ".img");
        try (InputStream in = source.data()) {
            Files.copy(in, work, StandardCopyOption.REPLACE_EXISTING);
            Path target = work.resolveSibling(work.getFileName() + ".converted");
            ConversionResult result = conversion.convert(work, image.diskFormat, target);
            LOG.infof("Image %s: %s data %s to %s (%d bytes, virtual size %d)", image.id, result.detectedFormat(),
                    result.converted() ? "converted" : "kept", result.diskFormat(), result.size(), result.virtualSize());
            OpenedSource converted = new OpenedSource(Files.newInputStream(result.output()), result.size(),
                    source.description());
            return new Prepared(converted, result.converted() ? result.diskFormat() : null,
                    result.virtualSize() >= 0 ? result.virtualSize() : null, work);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(work);
            Files.deleteIfExists(work.resolveSibling(work.getFileName() + ".converted"));
            throw e;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
