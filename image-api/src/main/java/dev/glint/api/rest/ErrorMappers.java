package dev.glint.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.glint.api.domain.ApiException;
import dev.glint.domain.IllegalTransitionException;
import dev.glint.domain.ImagePrecondition;
import dev.glint.domain.TransitionRefusedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes a JSON body that says what was wrong, with Glance's status code.
 *
 * <p>Two shapes, chosen by {@code Accept}: a client that asks for JSON gets the flat
 * {@code {"code", "title", "message"}} object Glance answers such clients with; any other client
 * (glanceclient sends {@code Accept: *}{@code /*}) gets the same object wrapped as
 * {@code {"error": {...}}}, the OpenStack fault form, because glanceclient reads the message out of
 * every top-level value and fails on a flat object.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, HttpHeaders headers) {
        return error(e.status(), e.getMessage(), accept(headers));
    }

    @ServerExceptionMapper
    public Response transition(IllegalTransitionException e, HttpHeaders headers) {
        return error(409, e.getMessage(), accept(headers));
    }

    /** A precondition of the transition asked for: Glance answers a missing format 400, a protected image 403. */
    @ServerExceptionMapper
    public Response refused(TransitionRefusedException e, HttpHeaders headers) {
        int status = e.precondition() == ImagePrecondition.NOT_PROTECTED ? 403 : 400;
        return error(status, e.getMessage(), accept(headers));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, HttpHeaders headers) {
        return error(400, "The request body is not valid JSON: " + e.getOriginalMessage(), accept(headers));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return error(status, e.getMessage() == null ? reason : e.getMessage(), accept(headers));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers) {
        LOG.error("Request failed unexpectedly", e);
        return error(500, "The server failed to complete the request: " + e.getClass().getSimpleName(),
                accept(headers));
    }

    private static String accept(HttpHeaders headers) {
        return headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT);
    }

    /** True when the client asked for JSON by name, as opposed to anything ({@code *}{@code /*}). */
    static boolean wantsPlainJson(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("json");
    }

    static Response error(int status, String message, String accept) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(status, message, accept))
                .build();
    }

    static Map<String, Object> body(int status, String message, String accept) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? (status == 431 ? "Request Header Fields Too Large" : "Error")
                : type.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status);
        body.put("title", title);
        body.put("message", message);
        return wantsPlainJson(accept) ? body : Map.of("error", body);
    }
}
