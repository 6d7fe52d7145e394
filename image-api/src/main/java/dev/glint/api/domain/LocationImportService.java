package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.TaskLifecycle;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import dev.glint.storage.http.HttpStore;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Glance's v2.17 location calls. {@code POST /v2/images/{id}/locations} gives a queued image its
 * location, for a service or the image's owner (owners only with an http URL, and only where an
 * http store is configured); with do_secure_hash the data is then read in the background by a
 * {@code location_import} task (an import-worker) to compute the image's checksum and hash, and
 * checked against the client's validation data when it gave some. {@code GET} lists the locations,
 * for services only.
 *
 * <p>Unlike Glance, which checks the URL inside the task, the location is checked before the call
 * answers, so a URL that leads nowhere is a 400 instead of a task that fails later.
 */
@ApplicationScoped
public class LocationImportService {

    private static final Logger LOG = Logger.getLogger(LocationImportService.class);
    private static final Set<String> HASH_ALGORITHMS = Set.of("sha1", "sha256", "sha512", "md5");
    private static final int MAX_URL_LENGTH = 2048;

    private final Transactions tx;
    private final ImageAccess access;
    private final ImageLifecycle lifecycle;
    private final TaskLifecycle tasks;
    private final LocationTargets targets;
    private final ImageLocations locations;
    private final Stores stores;
    private final ImagesConfig config;

    public LocationImportService(Transactions tx, ImageAccess access, ImageLifecycle lifecycle, TaskLifecycle tasks,
            LocationTargets targets, ImageLocations locations, Stores stores, ImagesConfig config) {
        this.tx = tx;
        this.access = access;
        this.lifecycle = lifecycle;
        this.tasks = tasks;
        this.targets = targets;
        this.locations = locations;
        this.stores = stores;
        this.config = config;
    }

    /** A parsed {@code POST /locations} body. */
    record Request(String url, Map<String, String> validation) {
    }

    /** {@code GET /v2/images/{id}/locations}: the image's locations, for services ({@code fetch_image_location}). */
    public Uni<List<ImageLocations.Shown>> list(Caller caller, String id) {
        UUID imageId = ImageService.parseId(id);
        return tx.read(session -> session.find(ImageRecord.class, imageId)
                .flatMap(found -> access.existing(session, caller, found, id))
                .flatMap(image -> access.require(session, caller, image, "fetch_image_location"))
                .flatMap(image -> ImageLocationRecord.shown(session, List.of(image.id))))
                .map(records -> records.stream().map(locations::show).toList());
    }

    /** {@code POST /v2/images/{id}/locations}; the task's id when one hashes the data. */
    public Uni<UUID> add(Caller caller, String requestId, String id, Map<String, Object> body) {
        Request request = parse(body);
        UUID imageId = ImageService.parseId(id);
        return tx.inTransaction(session -> session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(found -> access.existing(session, caller, found, id))
                .flatMap(image -> {
                    if (image.status != ImageStatus.QUEUED) {
                        throw ApiException.conflict("It's not allowed to add locations if image status is "
                                + image.status.apiName() + ".");
                    }
                    return access.require(session, caller, image, "add_image_location");
                })
                .flatMap(image -> {
                    if (caller.roles().stream().noneMatch("service"::equalsIgnoreCase)
                            && (!HttpStore.handles(request.url()) || stores.httpStore().isEmpty())) {
                        throw ApiException.forbidden("http store must be enabled to use location API by normal user.");
                    }
                    ValidationData.checkHashing(request.validation(), config.hashAlgorithm());
                    String holder = image.properties.get(ImageImports.LOCK);
                    if (holder != null) {
                        throw ApiException.conflict("New operation on image '" + image.id + "' is not permitted as "
                                + "prior operation is still in progress (task " + holder + ").");
                    }
                    // The formats are checked before the URL is fetched (400, the transition's precondition).
                    transitionFor(request).requireApplicable(image);
                    LocationValue value = new LocationValue(request.url(), Map.of(), request.validation());
                    return VertxContextSupport.executeBlocking(() -> targets.check(image.id, value))
                            .flatMap(target -> begin(session, caller, requestId, image, request, target));
                }));
    }

    private Uni<UUID> begin(Mutiny.Session session, Caller caller, String requestId, ImageRecord image, Request request,
            LocationTargets.Target target) {
        boolean verify = verifies(request);
        ImageLocationRecord location = ImageLocationRecord.external(image.id, request.url(), target.store(),
                target.bucket(), target.key(), target.size(), Map.of());
        location.position = 0;
        if (verify) {
            // Not readable until its data matched the validation data.
            location.status = LocationStatus.PENDING;
        }
        String algorithm = request.validation().getOrDefault("os_hash_algo", config.hashAlgorithm());
        ImageChange change = ImageChange.of(transitionFor(request), image.id, ImageStatus.QUEUED)
                .reason("a location was added");
        if (image.size == null || image.size == 0) {
            change.set(ImageField.SIZE, target.size());
        }
        TaskRecord task = null;
        if (config.doSecureHash()) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("image_id", image.id.toString());
            input.put("loc_url", request.url());
            input.put("validation_data", request.validation());
            task = TaskRecord.pending(TaskRecord.TYPE_LOCATION_IMPORT,
                    caller.projectId() == null ? image.owner : caller.projectId(), image.id, input,
                    caller.userId(), requestId);
            image.properties.put(ImageImports.LOCK, task.id.toString());
            image.updatedAt = Instant.now();
            change.set(ImageField.OS_HASH_ALGO, algorithm);
        } else {
            // Without hashing, the client's values are taken as they are (Glance's do_secure_hash off).
            request.validation().forEach((key, value) -> change.set(key.equals("os_hash_algo")
                    ? ImageField.OS_HASH_ALGO : ImageField.OS_HASH_VALUE, value));
        }
        TaskRecord created = task;
        Uni<Void> recorded = created == null ? Uni.createFrom().voidItem() : tasks.create(session, created).replaceWithVoid();
        return recorded
                .chain(() -> session.persist(location))
                .chain(session::flush)
                .chain(() -> lifecycle.move(session, change))
                .map(moved -> {
                    moved.orElseThrow(() -> ApiException.conflict("Image " + image.id
                            + " changed while its location was added; try again."));
                    LOG.infof("Location added to image %s (store %s)%s", image.id, target.store(),
                            created == null ? "" : "; task " + created.id + " hashes its data");
                    return created == null ? null : created.id;
                });
    }

    /**
     * A location whose data is verified against validation data first makes the image importing
     * (Glance's location_import); any other makes the queued image active at once.
     */
    private ImageTransition transitionFor(Request request) {
        return verifies(request) ? ImageTransition.START_IMPORT : ImageTransition.ACTIVATE_WITH_LOCATION;
    }

    private boolean verifies(Request request) {
        return config.doSecureHash() && !request.validation().isEmpty();
    }

    static Request parse(Map<String, Object> body) {
        if (!(body.get("url") instanceof String url) || url.isBlank()) {
            throw ApiException.badRequest("Provided object does not match schema 'location': 'url' is a required "
                    + "property and must be a string");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.badRequest("The location URL is longer than " + MAX_URL_LENGTH + " characters.");
        }
        Object given = body.get("validation_data");
        Map<String, String> validation = new LinkedHashMap<>();
        if (given != null) {
            if (!(given instanceof Map<?, ?> data)) {
                throw ApiException.badRequest("Provided object does not match schema 'location': 'validation_data' "
                        + "must be an object");
            }
            for (Map.Entry<?, ?> entry : data.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (!key.equals("os_hash_algo") && !key.equals("os_hash_value")) {
                    throw ApiException.badRequest("Provided object does not match schema 'location': additional "
                            + "property '" + key + "' is not allowed in 'validation_data'");
                }
                if (!(entry.getValue() instanceof String text)) {
                    throw ApiException.badRequest("Provided object does not match schema 'location': '" + key
                            + "' must be a string");
                }
                validation.put(key, text);
            }
            if (validation.containsKey("os_hash_algo") != validation.containsKey("os_hash_value")) {
                throw ApiException.badRequest("Provided object does not match schema 'location': os_hash_algo and "
                        + "os_hash_value must be given together");
            }
            String algorithm = validation.get("os_hash_algo");
            if (algorithm != null && !HASH_ALGORITHMS.contains(algorithm)) {
                throw ApiException.badRequest("Provided object does not match schema 'location': os_hash_algo must "
                        + "be one of " + HASH_ALGORITHMS);
            }
            String hash = validation.get("os_hash_value");
            if (hash != null && hash.length() > 128) {
                throw ApiException.badRequest("Provided object does not match schema 'location': os_hash_value is "
                        + "longer than 128 characters");
            }
        }
        return new Request(url, validation);
    }
}
