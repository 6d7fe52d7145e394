package dev.glint.imports.source;

import dev.glint.imports.domain.ImportFailure;
import dev.glint.imports.domain.ImportPlan;
import dev.glint.imports.glance.GlanceDownload;
import dev.glint.imports.glance.RemoteGlance;
import dev.glint.imports.persistence.ImportRecords;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.StoredObject;
import dev.glint.storage.Stores;
import dev.glint.storage.http.HttpStore;
import dev.glint.storage.http.HttpStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.Optional;

/**
 * Opens what an import reads: the staged data (glance-direct), the image's existing copy
 * (copy-image), the web-download URL or the remote image's data (glance-download).
 */
@ApplicationScoped
public class ImportSources {

    private final Stores stores;
    private final WebDownloads webDownloads;
    private final HttpStore http;
    private final RemoteGlance remoteGlance;

    public ImportSources(Stores stores, WebDownloads webDownloads, HttpStore http, RemoteGlance remoteGlance) {
        this.remoteGlance = remoteGlance;
        this.stores = stores;
        this.webDownloads = webDownloads;
        this.http = http;
    }

    /** {@code glance} is the glance-download under way (null for the other methods). */
    public OpenedSource open(ImportPlan plan, ImportRecords.Attempt attempt, GlanceDownload glance) {
        return switch (plan.method()) {
            case GLANCE_DIRECT -> staged(attempt);
            case COPY_IMAGE -> existingCopy(attempt);
            case WEB_DOWNLOAD -> webDownloads.open(plan.uri());
            case GLANCE_DOWNLOAD -> remoteGlance.open(glance.credential(), glance.image());
        };
    }

    private OpenedSource staged(ImportRecords.Attempt attempt) {
        Stores.Store staging = stores.defaultStore();
        String key = ObjectKeys.staged(attempt.image().id);
        Optional<StoredObject> staged = staging.objects().stat(staging.bucket(), key);
        if (staged.isEmpty()) {
            throw new ImportFailure("No staged data was found for image " + attempt.image().id
                    + "; stage the data again (PUT /v2/images/{id}/stage) before importing.");
        }
        return new OpenedSource(staging.objects().open(staging.bucket(), key), staged.get().size(), "the staged data");
    }

    private OpenedSource existingCopy(ImportRecords.Attempt attempt) {
        // A copy in one of the stores is read before an external location, which may be slower or gone.
        ImageLocationRecord location = attempt.live().stream()
                .filter(candidate -> candidate.status == LocationStatus.ACTIVE)
                .min(Comparator.comparing(candidate -> candidate.bucket == null))
                .orElseThrow(() -> new ImportFailure("Image " + attempt.image().id + " has no readable copy to copy from."));
        if (location.bucket == null) {
            try {
                return new OpenedSource(http.open(location.url), location.size == null ? -1 : location.size,
                        "the image's http location");
            } catch (HttpStoreException e) {
                throw new ImportFailure("The image's http location could not be read: " + e.getMessage(), e);
            }
        }
        return new OpenedSource(stores.objectsOf(location.store).open(location.bucket, location.objectKey),
                location.size == null ? -1 : location.size, "the image's copy in store " + location.store);
    }
}
