package dev.glint.api.rest;

import dev.glint.api.domain.MemberService;
import dev.glint.api.identity.CurrentCaller;
import dev.glint.domain.GlanceTime;
import dev.glint.persistence.ImageMemberRecord;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Image members: {@code /v2/images/{id}/members[/{member}]}. */
@Path("/v2/images/{id}/members")
@Produces(MediaType.APPLICATION_JSON)
public class ImageMembersResource {

    private final MemberService members;
    private final CurrentCaller caller;
    private final JsonBodies bodies;

    public ImageMembersResource(MemberService members, CurrentCaller caller, JsonBodies bodies) {
        this.members = members;
        this.caller = caller;
        this.bodies = bodies;
    }

    @GET
    public Uni<Map<String, Object>> list(@PathParam("id") String id) {
        return members.list(caller.get(), id).map(list -> Map.of(
                "members", list.stream().map(ImageMembersResource::view).toList(),
                "schema", "/v2/schemas/members"));
    }

    /** 200 with the member, as Glance answers (not 201). */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> create(@PathParam("id") String id, byte[] body) {
        Map<String, Object> request = bodies.object(body, "naming the member");
        return members.create(caller.get(), id, request.get("member")).map(ImageMembersResource::view);
    }

    @GET
    @Path("{member}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id, @PathParam("member") String member) {
        return members.show(caller.get(), id, member).map(ImageMembersResource::view);
    }

    @PUT
    @Path("{member}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, @PathParam("member") String member,
            byte[] body) {
        Map<String, Object> request = bodies.object(body, "with the member status");
        return members.update(caller.get(), id, member, request.get("status")).map(ImageMembersResource::view);
    }

    @DELETE
    @Path("{member}")
    public Uni<Response> delete(@PathParam("id") String id, @PathParam("member") String member) {
        return members.delete(caller.get(), id, member).replaceWith(Response.noContent().build());
    }

    static Map<String, Object> view(ImageMemberRecord member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", GlanceTime.format(member.createdAt));
        view.put("image_id", member.imageId.toString());
        view.put("member_id", member.member);
        view.put("schema", "/v2/schemas/member");
        view.put("status", member.status);
        view.put("updated_at", GlanceTime.format(member.updatedAt));
        return view;
    }
}
