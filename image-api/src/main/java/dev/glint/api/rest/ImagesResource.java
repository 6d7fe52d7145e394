package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;
import dev.glint.api.domain.ImageListing;
import dev.glint.api.domain.ImagePage;
import dev.glint.api.domain.ImagePatch;
import dev.glint.api.domain.ImageQuery;
import dev.glint.api.domain.ImageService;
import dev.glint.api.identity.Caller;
import dev.glint.api.identity.CurrentCaller;
import dev.glint.persistence.ImageRecord;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.glint.api.domain.ImportService;
import dev.glint.storage.Stores;

/** Image metadata calls of the Glance v2 API. */
@Path("/v2/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    private final ImageService images;
    private final ImageListing listing;
    private final CurrentCaller caller;
    private final ApiConfig config;
    private final JsonBodies bodies;
    private final ImportService imports;
    private final ImageViews views;
    private final String storeIds;

    public ImagesResource(ImageService images, ImageListing listing, CurrentCaller caller, ApiConfig config,
            JsonBodies bodies, ImportService imports, Stores stores, ImageViews views) {
        this.imports = imports;
        this.views = views;
        this.storeIds = stores.all().stream().map(Stores.Store::id).collect(Collectors.joining(","));
        this.images = images;
        this.listing = listing;
        this.caller = caller;
        this.config = config;
        this.bodies = bodies;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body) {
        Map<String, Object> image = bodies.object(body, "describing the image");
        Caller creator = caller.get();
        return images.create(creator, image).flatMap(created -> views.one(creator, created).map(view -> Response
                .created(URI.create("/v2/images/" + created.id))
                .entity(view)
                // Clients (openstacksdk) read how they may import into the new image from these.
                .header("OpenStack-image-import-methods", String.join(",", imports.enabledMethods()))
                .header("OpenStack-image-store-ids", storeIds)
                .build()));
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        Caller viewer = caller.get();
        return images.show(viewer, id).flatMap(image -> views.one(viewer, image));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("id") String id,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(ImagePatch.V2_1) && !type.equals(ImagePatch.V2_0)) {
            throw ApiException.unsupportedMediaType("Unsupported Content-Type " + contentType + ": use "
                    + ImagePatch.V2_1 + " (or " + ImagePatch.V2_0 + ")");
        }
        ImagePatch patch = ImagePatch.parse(bodies.array(body, "of patch operations"), type.equals(ImagePatch.V2_0),
                config.maxPatchOperations());
        Caller changer = caller.get();
        return images.update(changer, id, patch).flatMap(image -> views.one(changer, image));
    }

    @GET
    public Uni<Map<String, Object>> list(@Context UriInfo uri) {
        MultivaluedMap<String, String> parameters = QueryParameters.of(uri);
        List<String> limits = parameters.get("limit");
        int limit = ListLimit.parse(limits == null || limits.isEmpty() ? null : limits.get(0), config);
        List<String> markers = parameters.get("marker");
        ImageQuery query = new ImageQuery(parameters, markers == null ? null : markers.get(0), limit);
        Caller lister = caller.get();
        return listing.list(lister, query).flatMap(page -> views.many(lister, page.images())
                .map(images -> listView(page, images, parameters)));
    }

    private static Map<String, Object> listView(ImagePage page, List<Map<String, Object>> images,
            MultivaluedMap<String, String> parameters) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("images", images);
        view.put("first", "/v2/images" + query(parameters, null));
        view.put("schema", "/v2/schemas/images");
        if (page.full() && !images.isEmpty()) {
            ImageRecord last = page.images().get(page.images().size() - 1);
            view.put("next", "/v2/images" + query(parameters, last.id.toString()));
        }
        return view;
    }

    /** The request's own parameters with the marker replaced, as Glance builds first/next links. */
    private static String query(MultivaluedMap<String, String> parameters, String marker) {
        String rest = parameters.entrySet().stream()
                .filter(entry -> !"marker".equals(entry.getKey()))
                .flatMap(entry -> entry.getValue().stream().map(value -> encode(entry.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        if (marker != null) {
            rest = rest.isEmpty() ? "marker=" + marker : rest + "&marker=" + marker;
        }
        return rest.isEmpty() ? "" : "?" + rest;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return images.delete(caller.get(), id).replaceWith(Response.noContent().build());
    }
}
