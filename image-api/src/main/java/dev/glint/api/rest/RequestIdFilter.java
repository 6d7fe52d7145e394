package dev.glint.api.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every response carries {@code X-Openstack-Request-Id}, as Glance's do. */
public class RequestIdFilter {

    private static final String HEADER = "X-Openstack-Request-Id";
    private static final String PROPERTY = "glint.request-id";

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        request.setProperty(PROPERTY, "req-" + UUID.randomUUID());
    }

    /** The id this request answers with, for records that name the request (tasks). */
    static String of(ContainerRequestContext request) {
        return (String) request.getProperty(PROPERTY);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        response.getHeaders().putSingle(HEADER, id == null ? "req-" + UUID.randomUUID() : id);
    }
}
