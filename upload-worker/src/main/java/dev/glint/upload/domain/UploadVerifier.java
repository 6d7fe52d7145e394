package dev.glint.upload.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.ProcessedEvents;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import dev.glint.storage.ObjectHead;
import dev.glint.storage.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Checks that the store holds what image-api received and hashed: saving -> active when it does,
 * saving -> killed when it does not. Blocking: it talks to the store.
 *
 * <p>By default ({@link VerifyMode#STORE_CHECKSUM}) it asks the store for the object's size and
 * ETag instead of reading the data back. For an object written by one PUT (every upload with a
 * Content-Length up to 5 GiB) the ETag is the MD5 the store computed over the bytes it wrote; when it
 * equals the MD5 {@code checksum} image-api computed over the bytes it sent, and the sizes agree, the
 * stored bytes are the bytes both Glance hashes were computed over (finding other bytes with the
 * same size and MD5 would take a deliberate collision, not a fault), so recomputing the hashes from
 * a full re-read would only repeat the answer at the cost of a second pass over the data. A multipart
 * object's ETag is checked against the one image-api computed from the MD5s of the parts it sent
 * ({@code expected_etag} of the location; glint-storage's PartChecksums says why that holds). Where the
 * ETag proves nothing (no expected ETag, a store without MD5 ETags) or disagrees, the object is
 * re-read and both hashes recomputed ({@link VerifyMode#REREAD}, also selectable for every upload), so
 * an odd ETag costs time but never kills a good image.
 */
@ApplicationScoped
public class UploadVerifier {

    public static final String CONSUMER = "upload-worker";
    private static final Logger LOG = Logger.getLogger(UploadVerifier.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final ProcessedEvents processed;
    private final Stores stores;
    private final MeterRegistry metrics;
    private final VerifyMode mode;

    public UploadVerifier(Transactions tx, ImageLifecycle lifecycle, ProcessedEvents processed, Stores stores,
            MeterRegistry metrics,
            @ConfigProperty(name = "glint.upload-worker.verify", defaultValue = "store-checksum") VerifyMode mode) {
        this.mode = mode;
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.processed = processed;
        this.stores = stores;
        this.metrics = metrics;
    }

    private record Upload(ImageRecord image, ImageLocationRecord location) {
    }

    /** What is wrong with the stored data (null: nothing), and how that was found out. */
    private record Verdict(String problem, String method) {
    }

    /**
     * Verifies the upload stored at {@code locationId}. {@code eventId} is the event that asked for
     * it (claimed with the outcome), or null when the sweep found the upload.
     */
    public void verify(UUID imageId, UUID locationId, UUID eventId) {
        MDC.put("imageId", imageId.toString());
        try {
            Upload upload = tx.awaitRead(session -> load(session, imageId, locationId));
            Verdict verdict = upload == null ? null : check(upload);
            tx.awaitTransaction(session -> claim(session, eventId)
                    .flatMap(first -> first && upload != null ? apply(session, upload, verdict) : Uni.createFrom().voidItem()));
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

    private Verdict check(Upload upload) {
        if (mode == VerifyMode.STORE_CHECKSUM) {
            Verdict byStore = checkStoreChecksum(upload);
            if (byStore != null) {
                return byStore;
            }
        }
        return new Verdict(reread(upload), "reread");
    }

    /** The verdict from the store's size and MD5 of the object, or null when only a re-read can tell. */
    private Verdict checkStoreChecksum(Upload upload) {
        ImageRecord image = upload.image();
        ImageLocationRecord location = upload.location();
        Optional<ObjectHead> head = stores.objectsOf(location.store).head(location.bucket, location.objectKey);
        if (head.isEmpty()) {
            return new Verdict("the stored data is missing", "store-checksum");
        }
        // The size the store reports is what it holds, whatever its ETags: a difference is final.
        if (image.size == null || head.get().size() != image.size) {
            return new Verdict("stored size " + head.get().size() + " differs from the uploaded size " + image.size,
                    "store-checksum");
        }
        Optional<String> md5 = head.get().plainMd5();
        if (md5.isPresent() && md5.get().equalsIgnoreCase(image.checksum)) {
            return new Verdict(null, "store-checksum");
        }
        // Sent in parts: the store's ETag is built from its MD5s of the parts, image-api's from its
        // own of the same parts (glint-storage PartChecksums).
        if (location.expectedEtag != null && location.expectedEtag.equalsIgnoreCase(head.get().bareEtag())) {
            return new Verdict(null, "part-checksums");
        }
        // A multipart ETag, none, or one that differs: it may be no MD5 at all (SSE-KMS, some
        // gateways), so the data itself decides.
        LOG.infof("Image %s: the store's ETag %s does not show the uploaded data's MD5; re-reading the data to verify it",
                image.id, head.get().etag());
        return null;
    }

    /** What is wrong with the stored data, read back in full, or null when it is what image-api received. */
    private String reread(Upload upload) {
        ImageRecord image = upload.image();
        ImageLocationRecord location = upload.location();
        if (stores.objectsOf(location.store).stat(location.bucket, location.objectKey).isEmpty()) {
            return "the stored data is missing";
        }
        ImageDigests stored;
        try (InputStream in = stores.objectsOf(location.store).open(location.bucket, location.objectKey)) {
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

    private Uni<Void> apply(Mutiny.Session session, Upload upload, Verdict verdict) {
        UUID imageId = upload.image().id;
        String problem = verdict.problem();
        ImageChange change = problem == null
                ? ImageChange.of(ImageTransition.ACTIVATE, imageId, ImageStatus.SAVING)
                : ImageChange.of(ImageTransition.KILL, imageId, ImageStatus.SAVING).reason(problem);
        return lifecycle.move(session, change).flatMap(moved -> {
            if (moved.isEmpty()) {
                LOG.infof("Image %s left saving before verification finished; nothing to do", imageId);
                return Uni.createFrom().voidItem();
            }
            metrics.counter("glint.uploads.verified", "outcome", problem == null ? "active" : "killed",
                    "method", verdict.method()).increment();
            if (problem != null) {
                LOG.warnf("Image %s killed: %s", imageId, problem);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Image %s verified (%d bytes, %s) and active", imageId, upload.image().size, verdict.method());
            return session.find(ImageLocationRecord.class, upload.location().id).invoke(location -> {
                location.status = LocationStatus.ACTIVE;
                location.updatedAt = Instant.now();
            }).replaceWithVoid();
        });
    }
}
