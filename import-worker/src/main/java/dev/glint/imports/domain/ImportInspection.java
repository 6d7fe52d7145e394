package dev.glint.imports.domain;

import dev.glint.domain.ImportMethod;
import dev.glint.format.FormatConfig;
import dev.glint.format.FormatInspector;
import dev.glint.format.FormatRules;
import dev.glint.format.InspectingStream;
import dev.glint.format.Inspection;
import dev.glint.format.Refusal;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Format inspection of what an import stores: the bytes of the first copy, after the plugins
 * (decompressed, converted), go to the store through an inspector judged by the disk and container
 * formats the image will have, so they are the bytes hashed and stored. A refusal stops the copy
 * as soon as the data condemns itself, or once it has all been read, before the import ends; the
 * import then fails with the refusal as the task's message, and the image goes back to queued
 * (copy-image leaves it active) with the copy removed.
 */
@ApplicationScoped
public class ImportInspection {

    private static final Logger LOG = Logger.getLogger(ImportInspection.class);

    private final FormatRules rules;
    private final MeterRegistry metrics;

    public ImportInspection(FormatConfig config, MeterRegistry metrics) {
        this.rules = config.rules();
        this.metrics = metrics;
    }

    /** {@code data} as the store should read it, inspected as {@code diskFormat} in {@code containerFormat}. */
    public InspectingStream inspect(InputStream data, String diskFormat, String containerFormat) {
        return new InspectingStream(data, new FormatInspector(rules, diskFormat, containerFormat));
    }

    /** The refusal known so far: why a copy that failed midway was stopped, if the inspector stopped it. */
    public Optional<ImportFailure> refusal(InspectingStream data, ImportMethod method) {
        return data.inspector().refusal().map(refusal -> failure(refusal, method));
    }

    /** The verdict on the whole data; throws the import's failure when it is refused. */
    public Inspection verdict(UUID imageId, InspectingStream data, ImportMethod method) {
        Inspection verdict = data.inspector().finish();
        verdict.warnings().forEach(warning -> LOG.warnf("Image %s: %s", imageId, warning));
        if (!verdict.accepted()) {
            throw failure(verdict.refusal(), method);
        }
        LOG.infof("Image %s data inspected: %s, virtual size %s", imageId, verdict.format().diskFormat(),
                verdict.virtualSize());
        return verdict;
    }

    private ImportFailure failure(Refusal refusal, ImportMethod method) {
        LOG.warnf("Import data refused (%s): %s", refusal.reason(), refusal.message());
        metrics.counter("glint.format.refusals", "path", method.wireName(),
                "reason", refusal.reason().name().toLowerCase(Locale.ROOT)).increment();
        return new ImportFailure(refusal.message());
    }
}
