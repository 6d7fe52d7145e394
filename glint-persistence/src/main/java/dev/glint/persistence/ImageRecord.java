package dev.glint.persistence;

import dev.glint.domain.ImageState;
import dev.glint.domain.ImageStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One image as stored. Status changes go through {@link ImageLifecycle}, never a setter. */
// Only changed columns are written, so an update never rewrites a status another transaction set.
@DynamicUpdate
@Entity
@Table(name = "images")
public class ImageRecord implements ImageState {

    @Id
    public UUID id;

    public String name;

    @Convert(converter = ImageStatusConverter.class)
    public ImageStatus status;

    public String visibility;

    @Column(name = "protected")
    public boolean isProtected;

    @Column(name = "os_hidden")
    public boolean osHidden;

    @Column(name = "min_disk")
    public int minDisk;

    @Column(name = "min_ram")
    public int minRam;

    @Column(name = "disk_format")
    public String diskFormat;

    @Column(name = "container_format")
    public String containerFormat;

    public Long size;

    @Column(name = "virtual_size")
    public Long virtualSize;

    public String checksum;

    @Column(name = "os_hash_algo")
    public String osHashAlgo;

    @Column(name = "os_hash_value")
    public String osHashValue;

    public String owner;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> properties = new LinkedHashMap<>();

    @Convert(converter = TagsConverter.class)
    public List<String> tags = new ArrayList<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** Last sign of life of the transfer streaming this image's data in; null when none runs. */
    @Column(name = "transfer_heartbeat_at")
    public Instant transferHeartbeatAt;

    @Override
    public ImageStatus status() {
        return status;
    }

    @Override
    public String diskFormat() {
        return diskFormat;
    }

    @Override
    public String containerFormat() {
        return containerFormat;
    }

    @Override
    public boolean isProtected() {
        return isProtected;
    }
}
