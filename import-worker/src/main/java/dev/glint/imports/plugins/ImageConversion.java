package dev.glint.imports.plugins;

import dev.glint.format.FormatInspector;
import dev.glint.format.FormatRules;
import dev.glint.format.Inspection;
import dev.glint.imports.config.ImportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The image-conversion import plugin, like Glance's {@code image_conversion}: converts the
 * imported image to the configured output format (raw by default) with {@code qemu-img convert}.
 * qemu-img needs files it can seek in (a qcow2 cannot be converted as a stream), so the pipeline
 * spools the data to a temp file, calls {@link #convert}, and stores the result.
 *
 * <p>Before qemu-img touches the file, as Glance does: the format inspector (glint-format, the one
 * every upload and import goes through) reads it, and its verdict must be clean: the data is the
 * claimed disk_format (whatever {@code require-image-format-match} says: qemu-img is about to
 * read it as that format), and passes every safety check (no backing file, no external data
 * file, an allowed VMDK create type, ...). Then qemu-img reads it with that format only
 * ({@code -f}, never guessing), and what {@code qemu-img info} reports is checked again: a
 * backing file, an external data file, a VMDK create type outside the allowed list.
 *
 * <p>Images already in the output format, and ISO, AMI, ARI and AKI images, are left as they are.
 */
public final class ImageConversion {

    public static final Set<String> OUTPUT_FORMATS = Set.of("raw", "qcow2", "vmdk");

    /** Glance disk_format to qemu-img driver name, for the formats qemu-img can read. */
    private static final Map<String, String> DRIVERS = Map.of(
            "raw", "raw", "qcow2", "qcow2", "vmdk", "vmdk", "vdi", "vdi",
            "vhd", "vpc", "vhdx", "vhdx", "ploop", "parallels");
    /** Disk formats stored as they are: not disk images qemu-img converts (Glance keeps iso too). */
    private static final Set<String> KEPT_AS_IS = Set.of("iso", "ami", "ari", "aki");

    private final QemuImg qemuImg;
    private final String outputFormat;
    private final FormatRules rules;
    private final Duration timeout;

    public ImageConversion(QemuImg qemuImg, String outputFormat, FormatRules rules, Duration timeout) {
        String format = outputFormat.trim().toLowerCase(Locale.ROOT);
        if (!OUTPUT_FORMATS.contains(format)) {
            throw new IllegalArgumentException("glint.import.conversion.output-format is " + outputFormat
                    + "; it must be raw, qcow2 or vmdk");
        }
        this.qemuImg = qemuImg;
        this.outputFormat = format;
        // qemu-img is told the claimed format: the data must be it, whatever uploads may tolerate.
        this.rules = rules.withRequireFormatMatch(true);
        this.timeout = timeout;
    }

    /** The plugin as {@code glint.import.conversion.*} and {@code glint.image-format.*} configure it. */
    public static ImageConversion from(ImportConfig.Conversion config, FormatRules rules) {
        return new ImageConversion(new QemuImg(config.qemuImg()), config.outputFormat(), rules, config.timeout());
    }

    public String outputFormat() {
        return outputFormat;
    }

    /**
     * Whether qemu-img can be run here: the version line when it can, else the message to give
     * (at start-up, in {@code /v2/info/import}, and as the failure of an import that needs it).
     */
    public Availability availability() {
        return qemuImg.version().map(Availability::available).orElseGet(() -> Availability.missing(QemuImg.NOT_INSTALLED));
    }

    /**
     * Converts {@code source}, an image claimed to be {@code diskFormat}, into {@code target}
     * (which must not exist; it is removed again on failure). Leaves {@code source} in place.
     */
    public ConversionResult convert(Path source, String diskFormat, Path target) throws IOException {
        Availability availability = availability();
        if (!availability.available()) {
            throw new ConversionException(availability.message());
        }
        if (diskFormat == null || diskFormat.isBlank()) {
            throw new ConversionException("image-conversion needs the image's disk_format, which is not set");
        }
        String claimed = diskFormat.trim().toLowerCase(Locale.ROOT);
        Inspection inspection = inspect(source, claimed);
        if (!inspection.accepted()) {
            throw new ConversionException("image-conversion refuses the image: " + inspection.refusal().message());
        }
        if (KEPT_AS_IS.contains(claimed)) {
            return unchanged(source, claimed, inspection.format().diskFormat(),
                    inspection.virtualSize() == null ? -1 : inspection.virtualSize());
        }
        String driver = DRIVERS.get(claimed);
        if (driver == null) {
            throw new ConversionException("image-conversion cannot convert disk_format " + claimed
                    + "; qemu-img reads raw, qcow2, vmdk, vdi, vhd, vhdx and ploop");
        }
        QemuImgInfo info = qemuImg.info(source, driver);
        refuseUnsafe(info, claimed);
        if (claimed.equals(outputFormat)) {
            return unchanged(source, claimed, claimed, info.virtualSize());
        }
        Files.deleteIfExists(target);
        try {
            qemuImg.convert(source, driver, target, DRIVERS.get(outputFormat), timeout);
            return new ConversionResult(target, outputFormat, Files.size(target), claimed, info.virtualSize(), true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /** The format inspector's verdict on the file, read once from start to end. */
    private Inspection inspect(Path source, String claimed) throws IOException {
        FormatInspector inspector = new FormatInspector(rules, claimed, "bare");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(source)) {
            int n;
            while ((n = in.read(buffer)) > 0 && inspector.refusal().isEmpty()) {
                inspector.update(buffer, 0, n);
            }
        }
        return inspector.finish();
    }

    /** What qemu-img itself reports, checked again: a second opinion on what the inspector accepted. */
    private void refuseUnsafe(QemuImgInfo info, String claimed) throws ConversionException {
        if (info.backingFile().isPresent()) {
            throw new ConversionException("image-conversion refuses " + claimed
                    + " images with a backing file (this one names " + info.backingFile().get() + ")");
        }
        if (info.dataFile().isPresent()) {
            throw new ConversionException("image-conversion refuses " + claimed
                    + " images with an external data file (this one names " + info.dataFile().get() + ")");
        }
        if (claimed.equals("vmdk")) {
            String type = info.vmdkCreateType().orElse("");
            if (type.isEmpty()) {
                throw new ConversionException("image-conversion cannot tell this VMDK's create-type, so refuses it");
            }
            if (!rules.vmdkTypeAllowed(type)) {
                throw new ConversionException("image-conversion refuses VMDK images of create-type " + type
                        + " (allowed: " + String.join(", ", rules.vmdkAllowedTypes().stream().sorted().toList())
                        + "; " + FormatRules.KEY_VMDK_TYPES + ")");
            }
        }
    }

    private static ConversionResult unchanged(Path source, String diskFormat, String detected, long virtualSize)
            throws IOException {
        return new ConversionResult(source, diskFormat, Files.size(source), detected, virtualSize, false);
    }

    /** Whether the plugin can work here, with the reason when it cannot. */
    public record Availability(boolean available, String message) {
        static Availability available(String version) {
            return new Availability(true, version);
        }

        static Availability missing(String message) {
            return new Availability(false, message);
        }
    }
}
