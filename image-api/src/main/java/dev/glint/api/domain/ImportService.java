package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.identity.Delegation;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.ImportMethod;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImportCredentials;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.TaskLifecycle;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@code POST /v2/images/{id}/import}: checks the request, takes the import lock and records an
 * {@code api_image_import} task (pending) in one transaction. The task-executor hands the task to an
 * import-worker; nothing is copied here. A glance-download also records, in that transaction, the
 * remote endpoint and the caller's token for the import-worker ({@link ImportCredentials}).
 */
@ApplicationScoped
public class ImportService {

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final TaskLifecycle tasks;
    private final Stores stores;
    private final ImportConfig config;
    private final WebDownloadGate webDownloads;
    private final ImageAccess access;
    private final GlanceEndpoints glanceEndpoints;
    private final ImportCredentials credentials;

    public ImportService(Transactions tx, ImageLifecycle lifecycle, TaskLifecycle tasks, Stores stores,
            ImportConfig config, WebDownloadGate webDownloads, ImageAccess access, GlanceEndpoints glanceEndpoints,
            ImportCredentials credentials) {
        this.access = access;
        this.glanceEndpoints = glanceEndpoints;
        this.credentials = credentials;
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.tasks = tasks;
        this.stores = stores;
        this.config = config;
        this.webDownloads = webDownloads;
    }

    public List<String> enabledMethods() {
        return config.methods();
    }

    /**
     * Starts the import; the task's id. {@code headerStore} is the X-Image-Meta-Store header, if
     * any; {@code delegation} is what a glance-download reads the remote image with.
     */
    public Uni<UUID> start(Caller caller, Delegation delegation, String requestId, String id, Map<String, Object> body,
            String headerStore) {
        ImportRequest request = ImportRequest.parse(body, config.methods());
        if (request.method() == ImportMethod.WEB_DOWNLOAD) {
            webDownloads.requireAllowed(request.uri());
        }
        UUID imageId = ImageService.parseId(id);
        return tx.inTransaction(session -> session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(found -> access.visible(session, caller, found, id))
                // Glance: import is a change of the image; copying into more stores has a rule of its own.
                .flatMap(image -> access.require(session, caller, image,
                        request.method() == ImportMethod.COPY_IMAGE ? "copy_image" : "modify_image"))
                .flatMap(image -> {
                    checkPreconditions(image, request);
                    return ImageLocationRecord.live(session, imageId)
                            .map(live -> targetStores(request, headerStore, live))
                            .flatMap(targets -> begin(session, caller, requestId, image, request, targets))
                            .call(taskId -> request.method() != ImportMethod.GLANCE_DOWNLOAD ? Uni.createFrom().voidItem()
                                    : keepCredential(session, taskId, request.remote(), delegation));
                }));
    }

    /**
     * The endpoint is looked up now, while the caller's catalog is at hand; a region or interface
     * it lacks fails the task, not the request (Glance finds out in its task, and Tempest expects
     * the 202).
     */
    private Uni<Void> keepCredential(Mutiny.Session session, UUID taskId, ImportRequest.RemoteImage remote,
            Delegation delegation) {
        GlanceEndpoints.Lookup endpoint = glanceEndpoints.find(delegation.catalog(), remote.region(),
                remote.serviceInterface());
        Instant expires = delegation.expiresAt() != null ? delegation.expiresAt()
                : Instant.now().plus(config.glanceDownload().credentialLifetime());
        return credentials.keep(session, new ImportCredentials.Credential(taskId, endpoint.endpoint(),
                endpoint.problem(), delegation.token()), expires);
    }

    private static void checkPreconditions(ImageRecord image, ImportRequest request) {
        if (ImageImports.inProgress(image)) {
            throw ApiException.conflict("Image " + image.id + " has an import in progress (task "
                    + image.properties.get(ImageImports.LOCK) + ").");
        }
        ImportMethod method = request.method();
        if (image.status != method.requiredStatus()) {
            throw ApiException.conflict("Image needs to be in '" + method.requiredStatus().apiName()
                    + "' status to use the " + method.wireName() + " method, but it is " + image.status.apiName() + ".");
        }
        if (method != ImportMethod.COPY_IMAGE && (image.diskFormat == null || image.containerFormat == null)) {
            // Glance: 409, the image is not in a state to take data yet.
            throw ApiException.conflict("Properties disk_format, container_format must be set prior to "
                    + "importing data.");
        }
    }

    private List<String> targetStores(ImportRequest request, String headerStore, List<ImageLocationRecord> live) {
        Set<String> holding = live.stream().map(location -> location.store).collect(Collectors.toSet());
        List<String> known = stores.all().stream().map(Stores.Store::id).toList();
        List<String> targets = new ArrayList<>();
        if (request.allStores()) {
            known.stream().filter(store -> !holding.contains(store)).forEach(targets::add);
        } else if (!request.stores().isEmpty()) {
            targets.addAll(request.stores());
        } else if (headerStore != null && !headerStore.isBlank()) {
            targets.add(headerStore.trim());
        } else if (request.method() == ImportMethod.COPY_IMAGE) {
            throw ApiException.badRequest("copy-image needs 'stores' or 'all_stores'.");
        } else {
            targets.add(stores.defaultStore().id());
        }
        for (String target : targets) {
            if (stores.httpStore().filter(target::equals).isPresent()) {
                throw ApiException.badRequest("Store '" + target + "' is the read-only http store; images cannot be "
                        + "imported into it.");
            }
            if (!known.contains(target)) {
                throw ApiException.badRequest("Unknown store '" + target + "'; the stores are " + known + ".");
            }
            if (holding.contains(target)) {
                throw ApiException.conflict("Image is already present in store '" + target + "'.");
            }
        }
        if (targets.isEmpty()) {
            throw ApiException.conflict("Image is already present in every store.");
        }
        return targets;
    }

    private Uni<UUID> begin(Mutiny.Session session, Caller caller, String requestId, ImageRecord image,
            ImportRequest request, List<String> targets) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("image_id", image.id.toString());
        input.put("import_req", request.body());
        input.put("backend", targets);
        input.put("all_stores_must_succeed", request.allStoresMustSucceed());
        TaskRecord task = TaskRecord.pending(TaskRecord.TYPE_API_IMAGE_IMPORT, caller.projectId() == null
                ? image.owner : caller.projectId(), image.id, input, caller.userId(), requestId);
        image.properties.put(ImageImports.LOCK, task.id.toString());
        image.properties.put(ImageImports.IMPORTING_TO, ImageImports.storeList(targets));
        // As Glance: no store has failed yet, and the waiters of its clients read the empty value.
        image.properties.put(ImageImports.FAILED, "");
        image.updatedAt = Instant.now();
        return tasks.create(session, task)
                .chain(session::flush)
                .chain(() -> {
                    ImageStatus during = request.method().statusWhileImporting();
                    if (during == image.status) {
                        return lifecycle.update(session, image);
                    }
                    return lifecycle.move(session, ImageChange.of(ImageTransition.START_IMPORT, image))
                            .map(moved -> moved.orElseThrow(() -> ApiException.conflict(
                                    "Image " + image.id + " changed while the import started; try again.")));
                })
                .replaceWith(task.id);
    }
}
