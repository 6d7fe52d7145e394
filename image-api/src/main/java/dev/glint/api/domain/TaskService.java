package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.TaskStatus;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageImports;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.TaskLifecycle;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The tasks API: listing and showing tasks (admins), an image's tasks, and the legacy
 * {@code POST /v2/tasks} import, which creates the image and its import task in one transaction.
 */
@ApplicationScoped
public class TaskService {

    private static final Set<String> SORT_KEYS = Set.of("created_at", "updated_at", "id", "type", "status");
    private static final Map<String, String> SORT_ATTRIBUTES = Map.of("created_at", "createdAt",
            "updated_at", "updatedAt", "id", "id", "type", "type", "status", "status");

    private final Transactions tx;
    private final ImageLifecycle images;
    private final TaskLifecycle tasks;
    private final ImagesConfig imagesConfig;
    private final Quotas quotas;
    private final WebDownloadGate webDownloads;
    private final Stores stores;
    private final ImageAccess access;

    public TaskService(Transactions tx, ImageLifecycle images, TaskLifecycle tasks, ImagesConfig imagesConfig,
            Quotas quotas, WebDownloadGate webDownloads, Stores stores, ImageAccess access) {
        this.access = access;
        this.tx = tx;
        this.images = images;
        this.tasks = tasks;
        this.imagesConfig = imagesConfig;
        this.quotas = quotas;
        this.webDownloads = webDownloads;
        this.stores = stores;
    }

    /** A page of tasks and the marker of the next page (null on the last). */
    public record TaskPage(List<TaskRecord> tasks, String nextMarker) {
    }

    public Uni<TaskPage> list(Caller caller, Map<String, String> query, int limit) {
        tasksApi(caller, "get_tasks");
        String sortKey = query.getOrDefault("sort_key", "created_at");
        if (!SORT_KEYS.contains(sortKey)) {
            throw ApiException.badRequest("Invalid sort_key " + sortKey + "; use one of " + SORT_KEYS + ".");
        }
        String sortDir = query.getOrDefault("sort_dir", "desc");
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort_dir " + sortDir + "; use asc or desc.");
        }
        String status = query.get("status");
        if (status != null) {
            try {
                TaskStatus.fromApiName(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid status value: " + status);
            }
        }
        String type = query.get("type");
        String marker = query.get("marker");
        String attribute = SORT_ATTRIBUTES.get(sortKey);
        return tx.read(session -> markerTask(session, marker).flatMap(after -> {
            StringBuilder hql = new StringBuilder("from TaskRecord t where true");
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (status != null) {
                hql.append(" and t.status = :status");
                parameters.put("status", TaskStatus.fromApiName(status));
            }
            if (type != null) {
                hql.append(" and t.type = :type");
                parameters.put("type", type);
            }
            String op = sortDir.equals("asc") ? ">" : "<";
            if (after != null) {
                hql.append(" and (t.").append(attribute).append(' ').append(op).append(" :mv or (t.").append(attribute)
                        .append(" = :mv and t.id ").append(op).append(" :mid))");
                parameters.put("mv", sortValue(after, sortKey));
                parameters.put("mid", after.id);
            }
            hql.append(" order by t.").append(attribute).append(' ').append(sortDir).append(", t.id ").append(sortDir);
            Mutiny.SelectionQuery<TaskRecord> select = session.createSelectionQuery(hql.toString(), TaskRecord.class);
            parameters.forEach(select::setParameter);
            return select.setMaxResults(limit + 1).getResultList().map(found -> {
                boolean more = found.size() > limit;
                List<TaskRecord> page = more ? found.subList(0, limit) : found;
                return new TaskPage(List.copyOf(page), more ? page.get(page.size() - 1).id.toString() : null);
            });
        }));
    }

    private static Object sortValue(TaskRecord task, String sortKey) {
        return switch (sortKey) {
            case "updated_at" -> task.updatedAt;
            case "id" -> task.id;
            case "type" -> task.type;
            case "status" -> task.status;
            default -> task.createdAt;
        };
    }

    private static Uni<TaskRecord> markerTask(Mutiny.Session session, String marker) {
        if (marker == null) {
            return Uni.createFrom().nullItem();
        }
        return session.find(TaskRecord.class, parseTaskId(marker)).map(task -> {
            if (task == null) {
                throw ApiException.badRequest("Invalid marker: task " + marker + " could not be found.");
            }
            return task;
        });
    }

    public Uni<TaskRecord> show(Caller caller, String id) {
        tasksApi(caller, "get_task");
        UUID taskId = parseTaskId(id);
        return tx.read(session -> session.find(TaskRecord.class, taskId)).map(task -> {
            if (task == null) {
                throw ApiException.notFound("Task with the given id " + id + " not found");
            }
            return task;
        });
    }

    /** {@code GET /v2/images/{id}/tasks}: the image's import tasks, newest first, for whoever may change it. */
    public Uni<List<TaskRecord>> ofImage(Caller caller, String id) {
        UUID imageId = ImageService.parseId(id);
        return tx.read(session -> session.find(ImageRecord.class, imageId)
                .flatMap(image -> access.visible(session, caller, image, id))
                // The image's import tasks are for those who may change (import into) it.
                .flatMap(image -> access.require(session, caller, image, "modify_image"))
                .flatMap(image -> session.createSelectionQuery(
                                    "from TaskRecord where imageId = :id order by createdAt desc, id desc", TaskRecord.class)
                            .setParameter("id", imageId)
                            .getResultList()));
    }

    /**
     * Legacy {@code POST /v2/tasks} of type import: a queued image from {@code image_properties},
     * moved to importing under the task's import lock, and the pending task, in one transaction.
     */
    public Uni<TaskRecord> createImport(Caller caller, String requestId, Map<String, Object> body) {
        tasksApi(caller, "add_task");
        Object type = body.get("type");
        if (!"import".equals(type)) {
            throw ApiException.badRequest("Task type '" + type + "' is not supported; only 'import' is.");
        }
        if (!(body.get("input") instanceof Map<?, ?> rawInput)) {
            throw ApiException.badRequest("Task input is missing: it needs import_from, import_from_format and "
                    + "image_properties.");
        }
        if (!(rawInput.get("import_from") instanceof String from) || from.isBlank()) {
            throw ApiException.badRequest("Task input needs 'import_from', the URL to import the image from.");
        }
        if (!(rawInput.get("import_from_format") instanceof String)) {
            throw ApiException.badRequest("Task input needs 'import_from_format'.");
        }
        if (!(rawInput.get("image_properties") instanceof Map<?, ?> rawProperties)) {
            throw ApiException.badRequest("Task input needs 'image_properties', an object.");
        }
        webDownloads.requireAllowed(from);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) rawProperties);
        ImageRecord image = NewImage.parse(properties, caller, imagesConfig);
        if (image.diskFormat == null || image.containerFormat == null) {
            throw ApiException.badRequest("image_properties need disk_format and container_format.");
        }
        Map<String, Object> input = new LinkedHashMap<>();
        rawInput.forEach((key, value) -> input.put(String.valueOf(key), value));
        input.put("backend", List.of(stores.defaultStore().id()));
        input.put("all_stores_must_succeed", true);
        TaskRecord task = TaskRecord.pending(TaskRecord.TYPE_IMPORT, image.owner, image.id, input, caller.userId(),
                requestId);
        return tx.inTransaction(session -> quotas.checkCreate(session, image.owner)
                .chain(() -> images.create(session, image))
                .chain(created -> tasks.create(session, task))
                .chain(created -> {
                    image.properties.put(ImageImports.LOCK, task.id.toString());
                    image.properties.put(ImageImports.IMPORTING_TO, stores.defaultStore().id());
                    image.updatedAt = Instant.now();
                    return session.flush();
                })
                .chain(() -> images.move(session, ImageChange.of(ImageTransition.START_IMPORT, image)))
                .replaceWith(task));
    }

    /** Glance checks {@code tasks_api_access} (admins by default), then the call's own rule. */
    private void tasksApi(Caller caller, String action) {
        access.policy().enforceTasksApi(action, caller, PolicyTarget.project(caller.projectId()));
    }

    static UUID parseTaskId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equalsIgnoreCase(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not a task id
        }
        throw ApiException.notFound("Task with the given id " + id + " not found");
    }
}
