package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.messaging.ImageStatusWaiter;
import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.events.DataReceived;
import dev.glint.format.InspectingStream;
import dev.glint.format.Inspection;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.FailureRecordingStream;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.Stores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * {@code PUT /v2/images/{id}/file}: queued -> saving, the body streamed into the object store with
 * its hashes computed on the way, then "data received" recorded for the upload-worker, which verifies
 * the stored object and activates the image. Runs on a worker thread: it blocks on the stream.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);
    private static final long STATUS_POLL_MILLIS = 500;

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final Stores stores;
    private final ImagesConfig config;
    private final ImageStatusWaiter waiter;
    private final Quotas quotas;
    private final ImageAccess access;
    private final TransferHeartbeats heartbeats;
    private final DataInspection inspection;

    public UploadService(Transactions tx, ImageLifecycle lifecycle, Stores stores, ImagesConfig config,
            ImageStatusWaiter waiter, Quotas quotas, ImageAccess access, TransferHeartbeats heartbeats,
            DataInspection inspection) {
        this.heartbeats = heartbeats;
        this.inspection = inspection;
        this.quotas = quotas;
        this.access = access;
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.stores = stores;
        this.config = config;
        this.waiter = waiter;
    }

    /** What the upload ended in: active, killed, or still saving when the wait timed out. */
    public ImageStatus upload(Caller caller, String id, long declaredSize, InputStream body,
            Duration activationTimeout, String storeId) {
        UUID imageId = ImageService.parseId(id);
        Stores.Store target = storeId == null || storeId.isBlank() ? stores.defaultStore()
                : stores.find(storeId.trim()).orElseThrow(() -> ApiException.badRequest("Store for identifier "
                        + storeId + " not found; the stores are " + stores.all().stream().map(Stores.Store::id).toList()));
        // An upload can take minutes: every line it logs on this thread names the image.
        MDC.put("imageId", imageId.toString());
        try {
            return receive(caller, id, imageId, declaredSize, body, activationTimeout, target);
        } finally {
            MDC.remove("imageId");
        }
    }

    private ImageStatus receive(Caller caller, String id, UUID imageId, long declaredSize, InputStream body,
            Duration activationTimeout, Stores.Store target) {
        ImageRecord image = tx.awaitTransaction(session -> begin(session, caller, imageId, id, declaredSize));
        String bucket = target.bucket();
        String key = ObjectKeys.imageData(imageId, UUID.randomUUID());
        Received digests;
        Inspection verdict;
        heartbeats.started(imageId);
        try {
            FailureRecordingStream request = new FailureRecordingStream(body);
            InspectingStream data = inspection.inspect(request, image);
            digests = storeData(target, imageId, bucket, key, request, data, declaredSize);
            verdict = inspection.verdict(imageId, data);
        } finally {
            heartbeats.ended(imageId);
        }
        if (!verdict.accepted()) {
            removeQuietly(target, bucket, key);
            restoreQueued(imageId, verdict.refusal().message());
            throw inspection.refused(imageId, verdict.refusal());
        }
        CompletableFuture<ImageStatus> outcome = waiter.expectChange(imageId, ImageStatus.SAVING);
        try {
            boolean recorded;
            try {
                recorded = tx.awaitTransaction(session -> recordReceived(session, target.id(), imageId, bucket, key, digests,
                        verdict.virtualSize(), declaredSize < 0));
            } catch (ApiException e) {
                removeQuietly(target, bucket, key);
                restoreQueued(imageId, e.getMessage());
                throw e;
            }
            if (!recorded) {
                target.objects().remove(bucket, key);
                throw ApiException.conflict("Image " + imageId + " was changed (deleted?) during the upload.");
            }
            LOG.infof("Stored %d bytes for image %s, awaiting verification", digests.size(), imageId);
            return awaitOutcome(imageId, outcome, activationTimeout);
        } finally {
            waiter.stopWaiting(imageId);
        }
    }

    private Uni<ImageRecord> begin(Mutiny.Session session, Caller caller, UUID imageId, String id,
            long declaredSize) {
        return session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(found -> access.visible(session, caller, found, id))
                .flatMap(image -> access.require(session, caller, image, "upload_image"))
                .flatMap(image -> {
                    if (image.status != ImageStatus.QUEUED) {
                        throw ApiException.conflict("Image status transition from " + image.status.apiName()
                                + " to saving is not allowed");
                    }
                    ImageChange start = ImageChange.of(ImageTransition.START_UPLOAD, image);
                    return quotas.checkUpload(session, image.owner, declaredSize).replaceWith(start);
                })
                .flatMap(start -> lifecycle.move(session, start)
                        .map(moved -> moved.orElseThrow(() -> ApiException.conflict(
                                "Image " + imageId + " changed while the upload started; try again."))));
    }

    /** The stored data's hashes, and the ETag the store must report for it when it went out in parts. */
    private record Received(ImageDigests hashes, String expectedEtag) {
        long size() {
            return hashes.size();
        }
    }

    /** Streams the request body, as the inspector passes it on, into the store; a refusal stops it at once. */
    private Received storeData(Stores.Store target, UUID imageId, String bucket, String key,
            FailureRecordingStream request, InspectingStream data, long declaredSize) {
        ImageDigester digester = new ImageDigester(config.hashAlgorithm());
        try {
            String expectedEtag = target.objects().put(bucket, key, data, declaredSize, digester::update).expectedEtag();
            return new Received(digester.finish(), expectedEtag);
        } catch (RuntimeException e) {
            removeQuietly(target, bucket, key);
            var refusal = data.inspector().refusal();
            if (refusal.isPresent()) {
                restoreQueued(imageId, refusal.get().message());
                throw inspection.refused(imageId, refusal.get());
            }
            LOG.warnf("Upload of image %s failed: %s", imageId, e.getMessage());
            restoreQueued(imageId, "upload failed: " + e.getMessage());
            if (request.failure() != null) {
                throw ApiException.badRequest("The image data could not be read from the request: "
                        + request.failure().getMessage());
            }
            throw ApiException.unavailable("The image data could not be stored: " + e.getMessage());
        }
    }

    /** saving -> queued after a failed upload, so the client may try again. */
    private void restoreQueued(UUID imageId, String reason) {
        tx.awaitTransaction(session -> lifecycle.move(session,
                ImageChange.of(ImageTransition.GIVE_BACK_TO_QUEUED, imageId, ImageStatus.SAVING).reason(reason)));
    }

    private void removeQuietly(Stores.Store target, String bucket, String key) {
        try {
            target.objects().remove(bucket, key);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove partial upload %s: %s", key, e.getMessage());
        }
    }

    private Uni<Boolean> recordReceived(Mutiny.Session session, String storeId, UUID imageId, String bucket, String key,
            Received digests, Long virtualSize, boolean sizeWasUnknown) {
        return session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE).flatMap(image -> {
            if (image == null || image.status != ImageStatus.SAVING) {
                return Uni.createFrom().item(false);
            }
            Uni<Void> quota = sizeWasUnknown
                    ? quotas.checkStored(session, image.owner, digests.size())
                    : Uni.createFrom().voidItem();
            return quota.flatMap(ok -> record(session, storeId, image, bucket, key, digests, virtualSize));
        });
    }

    /** The data's size, virtual size, hashes and location, and the "data received" event for the upload-worker. */
    private Uni<Boolean> record(Mutiny.Session session, String storeId, ImageRecord image, String bucket, String key,
            Received received, Long virtualSize) {
        ImageDigests digests = received.hashes();
        ImageLocationRecord location = ImageLocationRecord.pending(image.id, storeId, bucket, key,
                digests.size());
        location.expectedEtag = received.expectedEtag();
        return session.persist(location)
                .chain(() -> lifecycle.move(session, ImageChange.of(ImageTransition.DATA_STORED, image)
                        .set(ImageField.SIZE, digests.size())
                        .set(ImageField.VIRTUAL_SIZE, virtualSize)
                        .set(ImageField.CHECKSUM, digests.checksum())
                        .set(ImageField.OS_HASH_ALGO, digests.hashAlgorithm())
                        .set(ImageField.OS_HASH_VALUE, digests.hashValue())
                        .received(new DataReceived(image.id, location.id, storeId, digests.size(), digests.checksum(),
                                digests.hashAlgorithm(), digests.hashValue()))))
                .map(Optional::isPresent);
    }

    private ImageStatus awaitOutcome(UUID imageId, CompletableFuture<ImageStatus> outcome, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return outcome.get(STATUS_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // The event may have gone out before this replica's consumer was assigned: ask the database.
                ImageStatus now = tx.awaitRead(session -> session.find(ImageRecord.class, imageId)
                        .map(image -> image == null ? ImageStatus.DELETED : image.status));
                if (now != ImageStatus.SAVING) {
                    return now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ImageStatus.SAVING;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        LOG.infof("Image %s not verified within %s; it stays saving until the upload-worker finishes", imageId,
                timeout);
        return ImageStatus.SAVING;
    }
}
