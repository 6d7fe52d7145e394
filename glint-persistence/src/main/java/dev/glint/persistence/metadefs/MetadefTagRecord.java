package dev.glint.persistence.metadefs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tag definition of a namespace (names are unique in it regardless of case). */
@Entity
@Table(name = "metadef_tags")
public class MetadefTagRecord {

    @Id
    public UUID id;

    @Column(name = "namespace_id")
    public UUID namespaceId;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
