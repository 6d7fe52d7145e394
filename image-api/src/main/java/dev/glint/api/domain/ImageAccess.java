package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.policy.AccessPolicy;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageMemberRecord;
import dev.glint.persistence.ImageRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Who sees and changes an image. Which images exist for a caller is fixed, as in Glance's database
 * layer: admins see everything; others see their project's images, public and community ones, and
 * shared ones they are a member of (in any membership status: the status only decides whether the
 * image is listed); everything else is 404. What a caller may do with an image they see is the
 * {@link AccessPolicy}'s to say (Glance's default rules unless the operator changed them).
 */
@ApplicationScoped
public class ImageAccess {

    /** Statuses in which an image no longer exists for the API (404). */
    public static final Set<ImageStatus> GONE = Set.of(ImageStatus.DELETED, ImageStatus.PENDING_DELETE);

    private final AccessPolicy policy;

    public ImageAccess(AccessPolicy policy) {
        this.policy = policy;
    }

    /**
     * The image when the caller may see it and {@code get_image} allows it; 404 otherwise, as
     * Glance hides what one may not see.
     */
    public Uni<ImageRecord> visible(Mutiny.Session session, Caller caller, ImageRecord image, Object id) {
        if (image == null || GONE.contains(image.status)) {
            throw ApiException.imageNotFound(id);
        }
        return membership(session, caller, image).map(membership -> {
            if (!exists(caller, image, membership) || !policy.allows("get_image", caller, target(image, membership))) {
                throw ApiException.imageNotFound(id);
            }
            return image;
        });
    }

    /**
     * The image when it exists for the caller, whatever {@code get_image} says; 404 otherwise. For
     * the v2.17 location calls, which Glance guards by their own rules only, since the services
     * calling them (with the service role) need not be readers of the image's project.
     */
    public Uni<ImageRecord> existing(Mutiny.Session session, Caller caller, ImageRecord image, Object id) {
        if (image == null || GONE.contains(image.status)) {
            throw ApiException.imageNotFound(id);
        }
        return membership(session, caller, image).map(membership -> {
            if (!exists(caller, image, membership)) {
                throw ApiException.imageNotFound(id);
            }
            return image;
        });
    }

    private static boolean exists(Caller caller, ImageRecord image, ImageMemberRecord membership) {
        return caller.isAdmin() || caller.owns(image.owner) || "public".equals(image.visibility)
                || "community".equals(image.visibility) || ("shared".equals(image.visibility) && membership != null);
    }

    /** 403 unless the policy lets the caller perform {@code action} on the image. */
    public Uni<ImageRecord> require(Mutiny.Session session, Caller caller, ImageRecord image, String action) {
        return membership(session, caller, image).map(membership -> {
            policy.enforce(action, caller, target(image, membership));
            return image;
        });
    }

    /** 403 with {@code message} unless the policy allows {@code action}; for rules that need no membership. */
    public void require(Caller caller, ImageRecord image, String action, String message) {
        if (!policy.allows(action, caller, PolicyTarget.image(image))) {
            throw ApiException.forbidden(message);
        }
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** The image's fields plus the caller's membership, as rules see them ({@code member_id}, {@code member_status}). */
    public static PolicyTarget target(ImageRecord image, ImageMemberRecord membership) {
        PolicyTarget target = PolicyTarget.image(image);
        return membership == null ? target
                : target.with("member_id", membership.member).with("member_status", membership.status);
    }

    private static Uni<ImageMemberRecord> membership(Mutiny.Session session, Caller caller, ImageRecord image) {
        if (caller.projectId() == null || caller.owns(image.owner)) {
            return Uni.createFrom().nullItem();
        }
        return session.find(ImageMemberRecord.class, new ImageMemberRecord.Key(image.id, caller.projectId()));
    }
}
