package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.events.ImageMemberChanged;
import dev.glint.persistence.ImageMemberRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.OutboxWriter;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Image sharing: the owner adds and removes member projects of a {@code shared} image; each member
 * accepts or rejects it, which decides whether the image appears in its default listing.
 */
@ApplicationScoped
public class MemberService {

    private static final Set<String> STATUSES = Set.of("pending", "accepted", "rejected");

    private final Transactions tx;
    private final OutboxWriter outbox;
    private final ImagesConfig config;
    private final ImageAccess access;

    public MemberService(Transactions tx, OutboxWriter outbox, ImagesConfig config, ImageAccess access) {
        this.access = access;
        this.tx = tx;
        this.outbox = outbox;
        this.config = config;
    }

    private Uni<ImageRecord> sharedImage(Mutiny.Session session, Caller caller, String id, boolean lock) {
        return session.find(ImageRecord.class, ImageService.parseId(id),
                        lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE)
                .flatMap(image -> access.visible(session, caller, image, id))
                .invoke(image -> {
                    if (!"shared".equals(image.visibility)) {
                        throw ApiException.forbidden("Only shared images have members.");
                    }
                });
    }

    /** Who sees all members (rather than only its own membership); what they may do is the policy's. */
    private static boolean managesMembers(Caller caller, ImageRecord image) {
        return caller.isAdmin() || caller.owns(image.owner);
    }

    /** The rules' view of a call about one member: member_id is that member's project. */
    private static PolicyTarget about(ImageRecord image, String member) {
        return PolicyTarget.image(image).with("member_id", member);
    }

    private void require(String action, Caller caller, ImageRecord image, String member, String message) {
        if (!access.policy().allows(action, caller, about(image, member))) {
            throw ApiException.forbidden(message);
        }
    }

    /** The owner sees every member; a member sees only itself. */
    public Uni<List<ImageMemberRecord>> list(Caller caller, String id) {
        return tx.read(session -> sharedImage(session, caller, id, false)
                .flatMap(image -> access.require(session, caller, image, "get_members"))
                .flatMap(image -> members(session, caller, image)));
    }

    private static Uni<List<ImageMemberRecord>> members(Mutiny.Session session, Caller caller, ImageRecord image) {
        boolean all = managesMembers(caller, image);
        Mutiny.SelectionQuery<ImageMemberRecord> query = session.createSelectionQuery(
                        "from ImageMemberRecord where imageId = :id" + (all ? "" : " and member = :member")
                                + " order by createdAt, member", ImageMemberRecord.class)
                .setParameter("id", image.id);
        if (!all) {
            query.setParameter("member", caller.projectId());
        }
        return query.getResultList();
    }

    public Uni<ImageMemberRecord> show(Caller caller, String id, String member) {
        return tx.read(session -> sharedImage(session, caller, id, false).flatMap(image -> {
            if (!managesMembers(caller, image) && !member.equals(caller.projectId())) {
                throw notMember(member, image);
            }
            require("get_member", caller, image, member, "You are not authorized to complete get_member action.");
            return session.find(ImageMemberRecord.class, new ImageMemberRecord.Key(image.id, member))
                    .map(found -> {
                        if (found == null) {
                            throw notMember(member, image);
                        }
                        return found;
                    });
        }));
    }

    public Uni<ImageMemberRecord> create(Caller caller, String id, Object member) {
        if (!(member instanceof String project) || project.isBlank() || project.length() > 255) {
            throw ApiException.badRequest("Member to be added not specified: the body must be {\"member\": "
                    + "\"<project id>\"} with a project id of 1 to 255 characters.");
        }
        return tx.inTransaction(session -> sharedImage(session, caller, id, true).flatMap(image -> {
            require("add_member", caller, image, project, "You are not permitted to create image members for the image.");
            return session.createSelectionQuery("select count(*) from ImageMemberRecord where imageId = :id", Long.class)
                    .setParameter("id", image.id).getSingleResult()
                    .flatMap(count -> session.find(ImageMemberRecord.class,
                            new ImageMemberRecord.Key(image.id, project)).flatMap(existing -> {
                                if (existing != null) {
                                    throw ApiException.conflict("Member " + project + " already associated with "
                                            + "image " + image.id + ".");
                                }
                                if (count >= config.memberQuota()) {
                                    throw new ApiException(413, "Attempted: " + (count + 1) + ", Maximum: "
                                            + config.memberQuota() + " members per image");
                                }
                                ImageMemberRecord record = new ImageMemberRecord();
                                record.imageId = image.id;
                                record.member = project;
                                record.status = "pending";
                                record.createdAt = Instant.now();
                                record.updatedAt = record.createdAt;
                                return session.persist(record)
                                        .chain(() -> event(session, image, ImageEventType.MEMBER_CREATE, record))
                                        .replaceWith(record);
                            }));
        }));
    }

    public Uni<ImageMemberRecord> update(Caller caller, String id, String member, Object status) {
        if (!(status instanceof String value) || !STATUSES.contains(value)) {
            throw ApiException.badRequest("Provided object does not match schema 'member': '" + status
                    + "' is not one of ['pending', 'accepted', 'rejected'] for 'status'");
        }
        return tx.inTransaction(session -> sharedImage(session, caller, id, false).flatMap(image -> session
                .find(ImageMemberRecord.class, new ImageMemberRecord.Key(image.id, member))
                .flatMap(found -> {
                    if (found == null || (!managesMembers(caller, image) && !member.equals(caller.projectId()))) {
                        throw notMember(member, image);
                    }
                    require("modify_member", caller, image, member, "You are not permitted to modify 'status' on "
                            + "this image member: only the member itself (or an admin) may.");
                    found.status = value;
                    found.updatedAt = Instant.now();
                    return event(session, image, ImageEventType.MEMBER_UPDATE, found).replaceWith(found);
                })));
    }

    public Uni<Void> delete(Caller caller, String id, String member) {
        return tx.inTransaction(session -> sharedImage(session, caller, id, true).flatMap(image -> session
                .find(ImageMemberRecord.class, new ImageMemberRecord.Key(image.id, member))
                .flatMap(found -> {
                    if (found == null || (!managesMembers(caller, image) && !member.equals(caller.projectId()))) {
                        throw notMember(member, image);
                    }
                    require("delete_member", caller, image, member,
                            "You are not permitted to delete image members for the image.");
                    return session.remove(found)
                            .chain(() -> event(session, image, ImageEventType.MEMBER_DELETE, found));
                })));
    }

    private Uni<Void> event(Mutiny.Session session, ImageRecord image, ImageEventType type, ImageMemberRecord member) {
        return outbox.imageMemberChanged(session, type, new ImageMemberChanged(image.id, member.member, member.status));
    }

    private static ApiException notMember(String member, ImageRecord image) {
        return ApiException.notFound(member + " is not a member of image " + image.id + ".");
    }
}
