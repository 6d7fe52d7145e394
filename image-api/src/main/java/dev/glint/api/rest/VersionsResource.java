package dev.glint.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Version discovery: clients ask for it before anything else, without a token. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {

    /** The newest minor version first, as Glance lists them. */
    private static final int NEWEST_MINOR = 16;

    /** {@code GET /}: 300 Multiple Choices, as Glance answers there. */
    @GET
    public Response root(@Context UriInfo uri) {
        return Response.status(300).entity(versionList(uri)).build();
    }

    /** {@code GET /versions}: the same list with 200, as Glance answers there. */
    @GET
    @Path("versions")
    public Response versions(@Context UriInfo uri) {
        return Response.ok(versionList(uri)).build();
    }

    private static Map<String, Object> versionList(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        String href = (base.endsWith("/") ? base : base + "/") + "v2/";
        List<Map<String, Object>> versions = new ArrayList<>();
        for (int minor = NEWEST_MINOR; minor >= 0; minor--) {
            versions.add(Map.of(
                    "id", "v2." + minor,
                    "status", minor == NEWEST_MINOR ? "CURRENT" : "SUPPORTED",
                    "links", List.of(Map.of("rel", "self", "href", href))));
        }
        return Map.of("versions", versions);
    }
}
