package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.AuthMode;
import dev.glint.api.identity.CurrentCaller;
import dev.glint.api.identity.IdentityHeaders;
import dev.glint.api.identity.keystone.KeystoneAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses hostile or malformed requests before any work is done: text that is not UTF-8 in the
 * path or query, dot segments in the path, a repeated Host, too many query parameters, oversized or unsized metadata bodies, repeated
 * identity headers, and requests to the API without a confirmed identity (trusted-headers mode)
 * or without a token Keystone confirms (keystone mode). Discovery ({@code /}, {@code /versions})
 * needs no identity: clients ask for it first.
 */
public class RequestGuard {

    private final ApiConfig config;
    private final CurrentCaller caller;
    private final KeystoneAuthenticator keystone;

    public RequestGuard(ApiConfig config, CurrentCaller caller, KeystoneAuthenticator keystone) {
        this.config = config;
        this.caller = caller;
        this.keystone = keystone;
    }

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Uni<Response> guard(HttpServerRequest request, RoutingContext routing) {
        String accept = request.getHeader("Accept");
        try {
            if (!check(request)) {
                return Uni.createFrom().nullItem();
            }
            if (caller.mode() != AuthMode.KEYSTONE) {
                caller.get();
                return Uni.createFrom().item(emptyImageId(request, accept));
            }
            return keystone.authenticate(request.getHeader("X-Auth-Token"))
                    .invoke(identity -> routing.put(CurrentCaller.KEYSTONE_IDENTITY, identity))
                    .map(identity -> emptyImageId(request, accept))
                    .onFailure(ApiException.class).recoverWithItem(e -> refusal((ApiException) e, accept));
        } catch (ApiException e) {
            return Uni.createFrom().item(refusal(e, accept));
        }
    }

    /**
     * {@code /v2/images/} names an image with an empty id: 404, as Glance answers (the router would
     * take it for the image list); null for every other path.
     */
    private static Response emptyImageId(HttpServerRequest request, String accept) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        return path.equals("/v2/images/") ? ErrorMappers.error(404, "No image found with ID ''", accept) : null;
    }

    private Response refusal(ApiException e, String accept) {
        Response response = ErrorMappers.error(e.status(), e.getMessage(), accept);
        if (e.status() == 401 && caller.mode() == AuthMode.KEYSTONE) {
            // As keystonemiddleware: tell the client where tokens come from.
            return Response.fromResponse(response).header("WWW-Authenticate", keystone.wwwAuthenticate()).build();
        }
        return response;
    }

    /** Throws for a request to refuse; true when the request needs the caller's identity. */
    private boolean check(HttpServerRequest request) {
        long headerBytes = 0;
        for (var header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > config.maxHeaderBytes()) {
            throw new ApiException(431, "The request's headers take " + headerBytes + " bytes, more than the "
                    + config.maxHeaderBytes() + " accepted.");
        }
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        requireUtf8(path);
        requireNoDotSegments(path);
        if (question >= 0) {
            String query = uri.substring(question + 1);
            requireUtf8(query.replace('+', ' '));
            long parameters = query.isEmpty() ? 0 : query.chars().filter(c -> c == '&').count() + 1;
            if (parameters > config.maxQueryParameters()) {
                throw ApiException.badRequest("Too many query parameters: at most " + config.maxQueryParameters()
                        + " are accepted.");
            }
        }
        if (request.headers().getAll("Host").size() > 1) {
            // RFC 9112 (3.2): a request with more than one Host is invalid; proxies may disagree which counts.
            throw ApiException.badRequest("Header Host appears more than once.");
        }
        if (caller.mode() != AuthMode.NOAUTH) {
            for (String header : IdentityHeaders.SINGLE) {
                if (request.headers().getAll(header).size() > 1) {
                    throw ApiException.badRequest("Header " + header + " appears more than once.");
                }
            }
        }
        if (!isDataPath(path) && hasBody(request)) {
            String length = request.getHeader("Content-Length");
            if (length == null) {
                throw new ApiException(411, "A metadata request body needs a Content-Length.");
            }
            try {
                if (Long.parseLong(length.trim()) > config.maxBodyBytes()) {
                    throw new ApiException(413, "The request body is larger than " + config.maxBodyBytes()
                            + " bytes.");
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid Content-Length " + length);
            }
        }
        return path.startsWith("/v2/") || path.equals("/v2");
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.getHeader("Transfer-Encoding") != null
                || (request.getHeader("Content-Length") != null && !"0".equals(request.getHeader("Content-Length").trim()));
    }

    private static boolean isDataPath(String path) {
        return path.endsWith("/file") || path.endsWith("/stage");
    }

    /** Percent-decodes to bytes and insists they are UTF-8, as Glance's WSGI stack would fail on them. */
    private static void requireUtf8(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw ApiException.badRequest("The request URL has a malformed percent escape.");
            } else if (c <= 0xFF) {
                // The HTTP decoder hands raw request-line bytes over one char per byte.
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        String text = JsonBodies.utf8(bytes.toByteArray());
        JsonBodies.requireWellFormed(text);
    }

    /**
     * A {@code .} or {@code ..} segment, plain or percent-encoded, is refused: the HTTP layer would
     * resolve it after decoding, so {@code /v2/images/%2e%2e/tasks} was served as {@code /v2/tasks},
     * and checks on the path as sent would no longer see the path as served.
     */
    private static void requireNoDotSegments(String path) {
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw ApiException.badRequest("The request path has a '" + decoded + "' segment.");
            }
        }
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }
}
