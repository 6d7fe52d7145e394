package dev.glint.upload.domain;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.ProcessedEvents;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import dev.glint.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Re-reads a freshly stored upload and compares its size and hashes with what image-api computed
 * while the data came in: saving -> active when they match, saving -> killed when they do not.
 * Blocking: it reads the whole object.
 */
@ApplicationScoped
public class UploadVerifier {

    public static final String CONSUMER = "upload-worker";
    private static final Logger LOG = Logger.getLogger(UploadVerifier.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final ProcessedEvents processed;
    private final ObjectStore store;
    private final MeterRegistry metrics;

    public UploadVerifier(Transactions tx, ImageLifecycle lifecycle, ProcessedEvents processed, ObjectStore store,
            MeterRegistry metrics) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.processed = processed;
        this.store = store;
        this.metrics = metrics;
    }

    private record Upload(ImageRecord image, ImageLocationRecord location) {
    }

    /**
     * Verifies the upload stored at {@code locationId}. {@code eventId} is the event that asked for
     * it (claimed with the outcome), or null when the sweep found the upload.
     */
    public void verify(UUID imageId, UUID locationId, UUID eventId) {
        MDC.put("imageId", imageId.toString());
        try {
            Upload upload = tx.awaitRead(session -> load(session, imageId, locationId));
            String problem = upload == null ? null : check(upload);
            tx.awaitTransaction(session -> claim(session, eventId)
                    .flatMap(first -> first && upload != null ? apply(session, upload, problem) : Uni.createFrom().voidItem()));
        } finally {
            MDC.remove("imageId");
        }
    }

    private Uni<Upload> load(Mutiny.Session session, UUID imageId, UUID locationId) {
        return session.find(ImageRecord.class, imageId).flatMap(image -> {
            if (image == null || image.status != ImageStatus.SAVING) {
                return Uni.createFrom().nullItem();
            }
            return session.find(ImageLocationRecord.class, locationId).map(location ->
                    location == null || location.status != LocationStatus.PENDING ? null : new Upload(image, location));
        });
    }

    /** What is wrong with the stored data, or null when it is what image-api received. */
    private String check(Upload upload) {
        ImageRecord image = upload.image();
        ImageLocationRecord location = upload.location();
        if (store.stat(location.bucket, location.objectKey).isEmpty()) {
            return "the stored data is missing";
        }
        ImageDigests stored;
        try (InputStream in = store.open(location.bucket, location.objectKey)) {
            stored = ImageDigester.digestAll(in, image.osHashAlgo);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the stored data of image " + image.id, e);
        }
        if (image.size == null || stored.size() != image.size) {
            return "stored size " + stored.size() + " differs from the uploaded size " + image.size;
        }
        if (!stored.checksum().equals(image.checksum) || !stored.hashValue().equals(image.osHashValue)) {
            return "the stored data's hashes differ from those of the uploaded data";
        }
        return null;
    }

    private Uni<Boolean> claim(Mutiny.Session session, UUID eventId) {
        return eventId == null ? Uni.createFrom().item(true) : processed.claim(session, CONSUMER, eventId);
    }

    private Uni<Void> apply(Mutiny.Session session, Upload upload, String problem) {
        UUID imageId = upload.image().id;
        ImageChange change = problem == null
                ? ImageChange.of(imageId, ImageStatus.SAVING, ImageStatus.ACTIVE, ImageEventType.ACTIVATE)
                : ImageChange.of(imageId, ImageStatus.SAVING, ImageStatus.KILLED, ImageEventType.UPDATE)
                        .data("reason", problem);
        return lifecycle.move(session, change).flatMap(moved -> {
            if (moved.isEmpty()) {
                LOG.infof("Image %s left saving before verification finished; nothing to do", imageId);
                return Uni.createFrom().voidItem();
            }
            metrics.counter("glint.uploads.verified", "outcome", problem == null ? "active" : "killed").increment();
            if (problem != null) {
                LOG.warnf("Image %s killed: %s", imageId, problem);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Image %s verified (%d bytes) and active", imageId, upload.image().size);
            return session.find(ImageLocationRecord.class, upload.location().id).invoke(location -> {
                location.status = LocationStatus.ACTIVE;
                location.updatedAt = Instant.now();
            }).replaceWithVoid();
        });
    }
}
