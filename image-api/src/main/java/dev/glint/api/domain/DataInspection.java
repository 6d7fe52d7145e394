package dev.glint.api.domain;

import dev.glint.format.FormatConfig;
import dev.glint.format.FormatInspector;
import dev.glint.format.FormatRules;
import dev.glint.format.InspectingStream;
import dev.glint.format.Inspection;
import dev.glint.format.Refusal;
import dev.glint.persistence.ImageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Format inspection of the data of {@code PUT /file}: the body goes to the store through an
 * inspector judged by the image's disk and container formats, so the bytes stored (and hashed on
 * the way) are the bytes inspected. A refusal shows as soon as the data condemns itself, or at the
 * latest once it has all arrived, before the upload is recorded; either way the caller removes
 * what was stored and gives the image back as queued, and answers 415 as Glance does.
 */
@ApplicationScoped
public class DataInspection {

    private static final Logger LOG = Logger.getLogger(DataInspection.class);

    private final FormatRules rules;
    private final MeterRegistry metrics;

    public DataInspection(FormatConfig config, MeterRegistry metrics) {
        this.rules = config.rules();
        this.metrics = metrics;
    }

    /** {@code body} as the store should read it: through a new inspector for {@code image}'s data. */
    public InspectingStream inspect(InputStream body, ImageRecord image) {
        return new InspectingStream(body, new FormatInspector(rules, image.diskFormat, image.containerFormat));
    }

    /** The verdict on the whole data, once the store has read it all; its warnings are logged. */
    public Inspection verdict(UUID imageId, InspectingStream data) {
        Inspection verdict = data.inspector().finish();
        verdict.warnings().forEach(warning -> LOG.warnf("Image %s: %s", imageId, warning));
        if (verdict.accepted()) {
            LOG.infof("Image %s data inspected: %s, virtual size %s", imageId, verdict.format().diskFormat(),
                    verdict.virtualSize());
        }
        return verdict;
    }

    /** The 415 for refused data (Glance answers an upload that fails inspection with 415), counted and logged. */
    public ApiException refused(UUID imageId, Refusal refusal) {
        LOG.warnf("Image %s data refused (%s): %s", imageId, refusal.reason(), refusal.message());
        metrics.counter("glint.format.refusals", "path", "upload", "reason", refusal.reason().name().toLowerCase())
                .increment();
        return ApiException.unsupportedMediaType(refusal.message());
    }
}
