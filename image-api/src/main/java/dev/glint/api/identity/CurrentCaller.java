package dev.glint.api.identity;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The caller of the current request. Without identity headers a request runs as admin of the
 * default project, so every image has an owner; {@code X-Project-Id}, {@code X-User-Id} and
 * {@code X-Roles} (as keystonemiddleware sets them) name the caller when present.
 */
@RequestScoped
public class CurrentCaller {

    private final HttpServerRequest request;
    private final String defaultProject;
    private Caller caller;

    public CurrentCaller(HttpServerRequest request,
            @ConfigProperty(name = "glint.auth.default-project") String defaultProject) {
        this.request = request;
        this.defaultProject = defaultProject;
    }

    public Caller get() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    private Caller resolve() {
        String project = request.getHeader("X-Project-Id");
        String user = request.getHeader("X-User-Id");
        String roles = request.getHeader("X-Roles");
        if (project == null && roles == null) {
            return new Caller(defaultProject, user == null ? "admin" : user, Set.of("admin", "member", "reader"));
        }
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(role -> role.trim().toLowerCase(Locale.ROOT))
                .filter(role -> !role.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Caller(project == null ? defaultProject : project, user == null ? "" : user, roleSet);
    }
}
