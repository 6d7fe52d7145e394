package dev.glint.imports.domain;

import dev.glint.imports.config.ImportConfig;
import dev.glint.imports.persistence.ImportRecords;
import dev.glint.imports.persistence.LocationImportRecords;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.TaskRecord;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import dev.glint.storage.Stores;
import dev.glint.storage.http.HttpStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one attempt of a location_import task (Glance's do_secure_hash for a location added with
 * {@code POST /v2/images/{id}/locations}): reads the location's data once, from its http URL or its
 * store, computing the MD5 checksum and the os_hash_value, reports progress as it goes, and ends
 * the task: with validation data, the image becomes active only if its os_hash_value matches.
 */
@ApplicationScoped
public class LocationImportJob {

    private static final Logger LOG = Logger.getLogger(LocationImportJob.class);
    private static final long MIB = 1024 * 1024;

    private final ImportRecords records;
    private final LocationImportRecords outcomes;
    private final Stores stores;
    private final HttpStore http;
    private final ImportConfig config;

    public LocationImportJob(ImportRecords records, LocationImportRecords outcomes, Stores stores, HttpStore http,
            ImportConfig config) {
        this.records = records;
        this.outcomes = outcomes;
        this.stores = stores;
        this.http = http;
        this.config = config;
    }

    void run(ImportRecords.Attempt attempt, int number) {
        TaskRecord task = attempt.task();
        Map<String, Object> input = task.input == null ? Map.of() : task.input;
        String url = String.valueOf(input.get("loc_url"));
        Map<?, ?> validation = input.get("validation_data") instanceof Map<?, ?> given ? given : Map.of();
        if (attempt.image() == null) {
            records.fail(task, number, java.util.List.of(), "The image was deleted before its location was hashed.");
            return;
        }
        Optional<ImageLocationRecord> found = attempt.live().stream().filter(location -> url.equals(location.url))
                .findFirst();
        if (found.isEmpty()) {
            records.fail(task, number, java.util.List.of(), "The image no longer has the location " + url + ".");
            return;
        }
        ImageLocationRecord location = found.get();
        String algorithm = validation.get("os_hash_algo") instanceof String named ? named
                : attempt.image().osHashAlgo != null ? attempt.image().osHashAlgo : config.hashAlgorithm();
        LOG.infof("Hashing the location of image %s in store %s (%s, attempt %d)", task.imageId, location.store,
                algorithm, number);
        ImageDigests digests;
        String failure = null;
        try {
            digests = digest(task, number, location, algorithm);
        } catch (LeaseLost e) {
            LOG.warnf("Hashing of image %s abandoned: %s", task.imageId, e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            digests = null;
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String expected = validation.get("os_hash_value") instanceof String value ? value : null;
        boolean accepted = digests != null
                && (expected == null || expected.toLowerCase(Locale.ROOT).equals(digests.hashValue()));
        String message;
        if (digests == null) {
            message = "The location's data could not be read to compute its hashes: " + failure;
        } else if (!accepted) {
            message = "os_hash_value: (" + expected + ") not matched with actual os_hash_value: ("
                    + digests.hashValue() + ")";
        } else {
            message = "Hashed " + digests.size() / MIB + " MiB (" + digests.size() + " bytes) of the location in store "
                    + location.store;
        }
        try {
            outcomes.finish(task, number, location.id, digests, accepted, message);
            LOG.infof("Location import of image %s ended: %s", task.imageId, message);
        } catch (LeaseLost e) {
            LOG.warnf("Location import of image %s abandoned: %s", task.imageId, e.getMessage());
        }
    }

    private ImageDigests digest(TaskRecord task, int number, ImageLocationRecord location, String algorithm)
            throws IOException {
        InputStream data = location.bucket == null ? http.open(location.url)
                : stores.objectsOf(location.store).open(location.bucket, location.objectKey);
        ImportProgress progress = new ImportProgress(data);
        String total = location.size == null ? "" : " of " + location.size / MIB + " MiB";
        Heartbeat heartbeat = new Heartbeat(config.progressInterval().toMillis(),
                () -> "Hashed " + progress.copied() / MIB + " MiB" + total + " of the location",
                message -> records.progress(task.id, number, message), progress);
        try (heartbeat; InputStream in = progress) {
            ImageDigests digests = ImageDigester.digestAll(in, algorithm);
            if (heartbeat.lost()) {
                throw new LeaseLost("Task " + task.id + " attempt " + number + " was given up on while hashing");
            }
            return digests;
        } catch (IOException | RuntimeException e) {
            if (heartbeat.lost()) {
                throw new LeaseLost("Task " + task.id + " attempt " + number + " was given up on while hashing");
            }
            throw e;
        }
    }
}
