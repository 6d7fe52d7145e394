package dev.glint.imports.domain;

import dev.glint.imports.config.ImportConfig;

import dev.glint.domain.ImportMethod;
import dev.glint.domain.ImportWork;
import dev.glint.format.InspectingStream;
import dev.glint.format.Inspection;
import dev.glint.imports.glance.GlanceDownload;
import dev.glint.imports.glance.RemoteGlance;
import dev.glint.imports.persistence.ImportRecords;
import dev.glint.imports.source.ImportSources;
import dev.glint.imports.source.OpenedSource;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.TaskRecord;
import dev.glint.storage.FailureRecordingStream;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.PartObserver;
import dev.glint.storage.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one attempt of an import task: reads the source once per target store that still needs it
 * (the first successful copy is hashed, later stores are copied from it), reports progress as it
 * goes, and ends the import in one transaction: importing -> active, or back to queued with the
 * failed stores recorded, partial data removed and the lock released.
 */
@ApplicationScoped
public class ImportJob {

    private static final Logger LOG = Logger.getLogger(ImportJob.class);
    private static final long MIB = 1024 * 1024;

    private final ImportRecords records;
    private final ImportSources sources;
    private final DataPreparation preparation;
    private final Stores stores;
    private final ImportConfig config;
    private final MeterRegistry metrics;
    private final ImportInspection inspection;
    private final LocationImportJob locationImports;
    private final RemoteGlance remoteGlance;

    public ImportJob(ImportRecords records, ImportSources sources, DataPreparation preparation, Stores stores,
            ImportConfig config, MeterRegistry metrics, ImportInspection inspection, LocationImportJob locationImports,
            RemoteGlance remoteGlance) {
        this.remoteGlance = remoteGlance;
        this.inspection = inspection;
        this.locationImports = locationImports;
        this.preparation = preparation;
        this.records = records;
        this.sources = sources;
        this.stores = stores;
        this.config = config;
        this.metrics = metrics;
    }

    /** Runs the hand-out {@code work} (event {@code eventId}) unless it was seen before or is stale. */
    public void run(UUID eventId, ImportWork work) {
        MDC.put("imageId", String.valueOf(work.imageId()));
        MDC.put("taskId", String.valueOf(work.taskId()));
        try {
            ImportRecords.Attempt attempt = records.takeUp(eventId, work);
            if (attempt == null) {
                LOG.infof("Import hand-out %s of task %s is stale or was seen before; skipped", eventId,
                        work.taskId());
                return;
            }
            run(attempt, work.attempt());
        } finally {
            MDC.remove("imageId");
            MDC.remove("taskId");
        }
    }

    private void run(ImportRecords.Attempt attempt, int number) {
        TaskRecord task = attempt.task();
        if (TaskRecord.TYPE_LOCATION_IMPORT.equals(task.type)) {
            locationImports.run(attempt, number);
            return;
        }
        if (attempt.image() == null) {
            records.fail(task, number, List.of(), "The image was deleted before its import began.");
            return;
        }
        ImportPlan plan;
        try {
            plan = ImportPlan.of(task);
        } catch (ImportFailure e) {
            records.fail(task, number, List.of(), e.getMessage());
            return;
        }
        LOG.infof("Import of image %s started: %s into %s (attempt %d)", task.imageId, plan.method().wireName(),
                plan.targets(), number);
        List<ImageLocationRecord> written = new ArrayList<>();
        Set<String> failedStores = new LinkedHashSet<>();
        try {
            GlanceDownload glance = plan.method() == ImportMethod.GLANCE_DOWNLOAD ? glanceDownload(task, plan, attempt)
                    : null;
            ImportRecords.Imported imported = copyToStores(task, number, plan, attempt, glance, written, failedStores);
            finish(task, number, plan, imported, glance, written, failedStores);
        } catch (LeaseLost e) {
            LOG.warnf("Import of image %s abandoned: %s", task.imageId, e.getMessage());
            removeQuietly(written);
        } catch (RuntimeException e) {
            String reason = e instanceof ImportFailure ? e.getMessage() : "Import failed: " + e.getMessage();
            LOG.warnf("Import of image %s failed: %s", task.imageId, reason);
            Set<String> failed = new LinkedHashSet<>(failedStores);
            failed.addAll(plan.targets());
            removeQuietly(records.fail(task, number, failed, reason));
            removeQuietly(written);
            removeStaged(plan, task.imageId);
            metrics.counter("glint.imports", "method", plan.method().wireName(), "outcome", "failure").increment();
        }
    }

    /**
     * Reads the remote image first (Glance's ImportMetadata step): it must be active, and its
     * formats are what the data is inspected and converted as. The image in {@code attempt} is this
     * import's detached copy, so giving it those formats changes nothing stored; the stored image
     * takes them, and the copied properties, only when the import succeeds.
     */
    private GlanceDownload glanceDownload(TaskRecord task, ImportPlan plan, ImportRecords.Attempt attempt) {
        var credential = records.credential(task.id).orElseThrow(() -> new ImportFailure("The caller's token for "
                + "this glance-download has expired or is gone; request the import again."));
        GlanceDownload glance = new GlanceDownload(credential, remoteGlance.describe(credential, plan.remoteImageId()));
        attempt.image().diskFormat = glance.image().diskFormat();
        attempt.image().containerFormat = glance.image().containerFormat();
        LOG.infof("Remote image %s is %s/%s, %d bytes; copying properties %s", plan.remoteImageId(),
                glance.image().diskFormat(), glance.image().containerFormat(), glance.image().size(),
                glance.image().properties().keySet());
        return glance;
    }

    private void finish(TaskRecord task, int number, ImportPlan plan, ImportRecords.Imported imported,
            GlanceDownload glance, List<ImageLocationRecord> written, Set<String> failedStores) {
        if (written.isEmpty() || (plan.allStoresMustSucceed() && !failedStores.isEmpty())) {
            throw new ImportFailure("Import into store(s) " + failedStores + " failed" + (written.isEmpty() ? ""
                    : "; all_stores_must_succeed is set, so the copies made were removed") + ".");
        }
        List<String> done = written.stream().map(location -> location.store).toList();
        String message = "Imported " + imported.size() / MIB + " MiB (" + imported.size() + " bytes) into store(s) "
                + String.join(", ", done) + (failedStores.isEmpty() ? "" : "; failed: " + String.join(", ", failedStores));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("image_id", task.imageId.toString());
        result.put("stores", done);
        if (!failedStores.isEmpty()) {
            result.put("failed_stores", List.copyOf(failedStores));
        }
        if (!records.succeed(task, number, imported, glance == null ? null : glance.image(), written, failedStores,
                message, result)) {
            removeQuietly(written);
            records.fail(task, number, List.of(), "The image was deleted during its import.");
            return;
        }
        removeStaged(plan, task.imageId);
        metrics.counter("glint.imports", "method", plan.method().wireName(), "outcome", "success").increment();
        LOG.infof("Import of image %s finished: %s", task.imageId, message);
    }

    private ImportRecords.Imported copyToStores(TaskRecord task, int number, ImportPlan plan,
            ImportRecords.Attempt attempt, GlanceDownload glance, List<ImageLocationRecord> written,
            Set<String> failedStores) {
        ImportRecords.Imported imported = null;
        for (String storeId : plan.targets()) {
            Stores.Store target = stores.find(storeId).orElse(null);
            if (target == null) {
                failedStores.add(storeId);
                continue;
            }
            ImageLocationRecord first = written.isEmpty() ? null : written.get(0);
            DataPreparation.Prepared prepared = first == null ? open(task, number, plan, attempt, glance) : null;
            OpenedSource source = prepared != null ? prepared.source()
                    : new OpenedSource(stores.objectsOf(first.store).open(first.bucket, first.objectKey), imported.size(),
                            "store " + first.store);
            String key = ObjectKeys.imageData(task.imageId, UUID.randomUUID());
            ImageLocationRecord location = records.beginCopy(task, number, storeId, target.bucket(), key);
            boolean hash = first == null && plan.method() != ImportMethod.COPY_IMAGE;
            ImageDigester digester = new ImageDigester(config.hashAlgorithm());
            FailureRecordingStream read = new FailureRecordingStream(source.data());
            // The first copy is what the image's data will be: it is inspected on its way to the store.
            InspectingStream inspected = prepared == null ? null : inspected(read, prepared, attempt);
            String prefix = "Copied ";
            String suffix = source.length() > 0 ? " of " + source.length() / MIB + " MiB into store " + storeId
                    : " into store " + storeId;
            ImportProgress progress = new ImportProgress(inspected != null ? inspected : read);
            Heartbeat heartbeat = new Heartbeat(config.progressInterval().toMillis(),
                    () -> prefix + progress.copied() / MIB + " MiB" + suffix,
                    message -> records.progress(task.id, number, message), progress);
            try (heartbeat; InputStream in = progress; AutoCloseable ignored = prepared) {
                long size = target.objects().put(target.bucket(), key, in, source.length(),
                        hash ? digester::update : PartObserver.NONE).size();
                Inspection verdict = inspected == null ? null
                        : inspection.verdict(task.imageId, inspected, plan.method());
                location.size = size;
                location.status = LocationStatus.PENDING;
                written.add(location);
                if (imported == null) {
                    imported = digests(hash ? digester.finish() : null, size, attempt, prepared, verdict);
                }
                records.progress(task.id, number, prefix + size / MIB + " MiB into store " + storeId + " (done)");
            } catch (LeaseLost e) {
                removeQuietly(List.of(location));
                throw e;
            } catch (Exception e) {
                removeQuietly(List.of(location));
                if (heartbeat.lost()) {
                    throw new LeaseLost("Task " + task.id + " attempt " + number + " was given up on during the copy");
                }
                if (inspected != null && !(e instanceof ImportFailure)) {
                    Optional<ImportFailure> refused = inspection.refusal(inspected, plan.method());
                    if (refused.isPresent()) {
                        throw refused.get();
                    }
                }
                if (read.failure() != null || e instanceof ImportFailure) {
                    throw e instanceof ImportFailure failure ? failure
                            : new ImportFailure(describe(read.failure() != null ? read.failure() : e), e);
                }
                LOG.warnf("Import of image %s into store %s failed: %s", task.imageId, storeId, e.getMessage());
                failedStores.add(storeId);
            }
        }
        if (imported == null) {
            imported = new ImportRecords.Imported(0, null, null, null, null, null);
        }
        return imported;
    }

    /** The first copy's data through the inspector, judged by the formats the image will have once imported. */
    private InspectingStream inspected(FailureRecordingStream data, DataPreparation.Prepared prepared,
            ImportRecords.Attempt attempt) {
        boolean converted = prepared.diskFormat() != null;
        return inspection.inspect(data, converted ? prepared.diskFormat() : attempt.image().diskFormat,
                converted ? "bare" : attempt.image().containerFormat);
    }

    /** The import's source with the enabled plugins applied; the first copy reads it. */
    private DataPreparation.Prepared open(TaskRecord task, int number, ImportPlan plan, ImportRecords.Attempt attempt,
            GlanceDownload glance) {
        OpenedSource raw = sources.open(plan, attempt, glance);
        if (plan.method() == ImportMethod.COPY_IMAGE) {
            return new DataPreparation.Prepared(raw, null, null, null);
        }
        // Conversion reads the whole image before the copy starts: keep reporting meanwhile.
        try (Heartbeat heartbeat = new Heartbeat(config.progressInterval().toMillis(), () -> "Preparing the image data",
                message -> records.progress(task.id, number, message), raw.data())) {
            return preparation.prepare(raw, attempt.image());
        }
    }

    /** What the import produced; the virtual size is the inspector's, or else what qemu-img said after a conversion. */
    private ImportRecords.Imported digests(ImageDigests digests, long size, ImportRecords.Attempt attempt,
            DataPreparation.Prepared prepared, Inspection verdict) {
        if (digests == null) {
            return new ImportRecords.Imported(size, attempt.image().checksum, attempt.image().osHashAlgo,
                    attempt.image().osHashValue, attempt.image().virtualSize, null);
        }
        Long virtualSize = verdict != null && verdict.virtualSize() != null ? verdict.virtualSize()
                : prepared == null ? null : prepared.virtualSize();
        return new ImportRecords.Imported(size, digests.checksum(), digests.hashAlgorithm(), digests.hashValue(),
                virtualSize, prepared == null ? null : prepared.diskFormat());
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void removeStaged(ImportPlan plan, UUID imageId) {
        if (plan.method() == ImportMethod.GLANCE_DIRECT) {
            removeQuietly(stores.defaultStore().id(), stores.defaultStore().bucket(), ObjectKeys.staged(imageId));
        }
    }

    /** Removes the copies' objects and marks their rows deleted; what fails here is the scrubber's to finish. */
    private void removeQuietly(List<ImageLocationRecord> locations) {
        locations.forEach(location -> removeQuietly(location.store, location.bucket, location.objectKey));
        try {
            records.dropCopies(locations);
        } catch (RuntimeException e) {
            LOG.warnf("Could not mark %d abandoned copy(ies) deleted (the scrubber will): %s", locations.size(),
                    e.getMessage());
        }
    }

    private void removeQuietly(String store, String bucket, String key) {
        try {
            stores.objectsOf(store).remove(bucket, key);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove %s from store %s (the scrubber will): %s", key, store, e.getMessage());
        }
    }
}
