package dev.glint.persistence.metadefs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One metadata definition namespace; its name ({@code namespace}) is unique and is what the API knows it by. */
@Entity
@Table(name = "metadef_namespaces")
public class MetadefNamespaceRecord {

    @Id
    public UUID id;

    public String namespace;

    @Column(name = "display_name")
    public String displayName;

    public String description;

    /** {@code public} or {@code private}. */
    public String visibility;

    /** A protected namespace, and everything in it, cannot be deleted. */
    @Column(name = "protected")
    public boolean isProtected;

    public String owner;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
