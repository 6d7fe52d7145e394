package dev.glint.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A project an image is shared with, and whether it accepted the image (pending, accepted, rejected). */
@Entity
@Table(name = "image_members")
@IdClass(ImageMemberRecord.Key.class)
public class ImageMemberRecord {

    @Id
    @Column(name = "image_id")
    public UUID imageId;

    @Id
    public String member;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The composite primary key (image, member). */
    public static class Key implements Serializable {

        public UUID imageId;
        public String member;

        public Key() {
        }

        public Key(UUID imageId, String member) {
            this.imageId = imageId;
            this.member = member;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(imageId, key.imageId) && Objects.equals(member, key.member);
        }

        @Override
        public int hashCode() {
            return Objects.hash(imageId, member);
        }
    }
}
