package dev.glint.persistence;

import dev.glint.domain.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One task as stored. Status changes go through {@link TaskLifecycle}. */
@DynamicUpdate
@Entity
@Table(name = "tasks")
public class TaskRecord {

    /** Glance's legacy tasks API import ({@code POST /v2/tasks}). */
    public static final String TYPE_IMPORT = "import";
    /** Created by every {@code POST /v2/images/{id}/import}. */
    public static final String TYPE_API_IMAGE_IMPORT = "api_image_import";
    /**
     * Created by {@code POST /v2/images/{id}/locations} when the location's data is to be hashed
     * (Glance's {@code do_secure_hash}): an import-worker reads it and records the image's hashes.
     */
    public static final String TYPE_LOCATION_IMPORT = "location_import";

    @Id
    public UUID id;

    public String type;

    @Convert(converter = TaskStatusConverter.class)
    public TaskStatus status;

    public String owner;

    @Column(name = "image_id")
    public UUID imageId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> input = new LinkedHashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> result;

    public String message = "";

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Last sign of life of the worker running the current attempt. */
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    /** Which hand-out to a worker is current (0 until the first). */
    public int attempt;

    /** The {@code X-Openstack-Request-Id} of the request that created the task (null if none). */
    @Column(name = "request_id")
    public String requestId;

    /** The user whose request created the task (null for a task no user asked for). */
    @Column(name = "user_id")
    public String userId;

    /**
     * A new task, asked for by {@code userId} in the request {@code requestId} (as Glance records
     * both on every task).
     */
    public static TaskRecord pending(String type, String owner, UUID imageId, Map<String, Object> input, String userId,
            String requestId) {
        TaskRecord task = new TaskRecord();
        task.userId = userId;
        task.requestId = requestId;
        task.id = UUID.randomUUID();
        task.type = type;
        task.status = TaskStatus.initial();
        task.owner = owner;
        task.imageId = imageId;
        task.input = new LinkedHashMap<>(input);
        task.createdAt = Instant.now();
        task.updatedAt = task.createdAt;
        return task;
    }
}
