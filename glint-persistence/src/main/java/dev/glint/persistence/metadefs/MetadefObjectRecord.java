package dev.glint.persistence.metadefs;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A metadata definition object: a named group of property definitions, some of them required. */
@Entity
@Table(name = "metadef_objects")
public class MetadefObjectRecord {

    @Id
    public UUID id;

    @Column(name = "namespace_id")
    public UUID namespaceId;

    public String name;

    public String description;

    /** Names of the required properties; null when the object names none. */
    @Convert(converter = NameListConverter.class)
    public List<String> required;

    /** Property name -> definition. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> properties = new LinkedHashMap<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
