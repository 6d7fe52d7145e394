package dev.glint.persistence.metadefs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A property definition of a namespace: its name and its definition (type, title, enum, ...). */
@Entity
@Table(name = "metadef_properties")
public class MetadefPropertyRecord {

    @Id
    public UUID id;

    @Column(name = "namespace_id")
    public UUID namespaceId;

    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> definition = new LinkedHashMap<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
