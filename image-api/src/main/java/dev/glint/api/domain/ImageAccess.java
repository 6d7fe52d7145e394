package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageMemberRecord;
import dev.glint.persistence.ImageRecord;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Glance's default rules on who sees and changes an image. Admins see everything; others see
 * their project's images, public and community ones, and shared ones they are a member of (in any
 * membership status: the status only decides whether the image is listed). Only the owner (or an
 * admin) changes an image, and readers change nothing.
 */
public final class ImageAccess {

    static final Set<ImageStatus> GONE = Set.of(ImageStatus.DELETED, ImageStatus.PENDING_DELETE);

    private ImageAccess() {
    }

    /** The image when the caller may see it; 404 otherwise, as Glance hides what one may not see. */
    public static Uni<ImageRecord> visible(Mutiny.Session session, Caller caller, ImageRecord image, Object id) {
        if (image == null || GONE.contains(image.status)) {
            throw ApiException.imageNotFound(id);
        }
        if (caller.isAdmin() || caller.owns(image.owner) || "public".equals(image.visibility)
                || "community".equals(image.visibility)) {
            return Uni.createFrom().item(image);
        }
        if (!"shared".equals(image.visibility) || caller.projectId() == null) {
            throw ApiException.imageNotFound(id);
        }
        return session.find(ImageMemberRecord.class, new ImageMemberRecord.Key(image.id, caller.projectId()))
                .map(member -> {
                    if (member == null) {
                        throw ApiException.imageNotFound(id);
                    }
                    return image;
                });
    }

    public static boolean canModify(Caller caller, ImageRecord image) {
        return caller.canWrite() && (caller.isAdmin() || caller.owns(image.owner));
    }

    /** 403 unless the caller may change the image; {@code action} completes "You are not permitted to ...". */
    public static void requireModify(Caller caller, ImageRecord image, String action) {
        if (!canModify(caller, image)) {
            throw ApiException.forbidden("You are not permitted to " + action + ".");
        }
    }
}
