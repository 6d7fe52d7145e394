package dev.glint.api.identity;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.keystone.KeystoneIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The caller of the current request. In {@code noauth} mode everybody is admin of the default
 * project, so every image has an owner; in {@code trusted-headers} mode the headers
 * keystonemiddleware sets name the caller, and a request without a confirmed identity is refused;
 * in {@code keystone} mode RequestGuard has validated the token and left its identity on the
 * request ({@link #KEYSTONE_IDENTITY}).
 */
@RequestScoped
public class CurrentCaller {

    private static final Set<String> NOAUTH_ROLES = Set.of("admin", "member", "reader");
    /**
     * The longest project id, user id or role name taken from a header: a project id becomes the
     * owner of what the caller creates (the owner columns hold 255 characters), and Keystone's own
     * ids and names are shorter still (64).
     */
    public static final int MAX_IDENTITY_LENGTH = 255;
    /** Where RequestGuard leaves the validated token's identity: the routing context outlives the filter's thread. */
    public static final String KEYSTONE_IDENTITY = "glint.keystone-identity";

    private final HttpServerRequest request;
    private final RoutingContext routing;
    private final String defaultProject;
    private final AuthMode mode;
    private Caller caller;

    public CurrentCaller(HttpServerRequest request, RoutingContext routing,
            @ConfigProperty(name = "glint.auth.default-project") String defaultProject,
            @ConfigProperty(name = "glint.auth.mode") String mode) {
        this.request = request;
        this.routing = routing;
        this.defaultProject = defaultProject;
        this.mode = AuthMode.parse(mode);
    }

    public Caller get() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    private Caller resolve() {
        if (mode == AuthMode.NOAUTH) {
            String user = identity(IdentityHeaders.USER, request.getHeader(IdentityHeaders.USER));
            return new Caller(defaultProject, user == null ? "admin" : user, NOAUTH_ROLES,
                    Scope.project(defaultProject, null));
        }
        if (mode == AuthMode.KEYSTONE) {
            KeystoneIdentity identity = routing.get(KEYSTONE_IDENTITY);
            if (identity == null) {
                throw new ApiException(401, "The request you have made requires authentication.");
            }
            return identity.caller();
        }
        if (!"Confirmed".equalsIgnoreCase(request.getHeader(IdentityHeaders.STATUS))) {
            throw new ApiException(401, "This server could not verify that you are authorized to access the "
                    + "document you requested.");
        }
        String project = blankToNull(identity(IdentityHeaders.PROJECT, request.getHeader(IdentityHeaders.PROJECT)));
        String user = identity(IdentityHeaders.USER, request.getHeader(IdentityHeaders.USER));
        String roles = request.getHeader(IdentityHeaders.ROLES);
        Set<String> roleSet = roles == null ? Set.of() : Arrays.stream(roles.split(","))
                .map(role -> identity(IdentityHeaders.ROLES, role.trim()).toLowerCase(Locale.ROOT))
                .filter(role -> !role.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Caller(project, user == null ? "" : user, roleSet, headerScope(project));
    }

    /** The token's scope as keystonemiddleware passes it on: system, domain, or project headers. */
    private Scope headerScope(String project) {
        String system = blankToNull(request.getHeader(IdentityHeaders.SYSTEM_SCOPE));
        if (system != null) {
            if (!Scope.SYSTEM_ALL.equalsIgnoreCase(system)) {
                throw ApiException.badRequest("Header " + IdentityHeaders.SYSTEM_SCOPE + " names system scope '"
                        + system + "'; Keystone's only system scope is 'all'.");
            }
            if (project != null) {
                throw ApiException.badRequest("A token is scoped to a project or to the system, never both ("
                        + IdentityHeaders.PROJECT + " and " + IdentityHeaders.SYSTEM_SCOPE + ").");
            }
            return Scope.system();
        }
        String domain = blankToNull(request.getHeader(IdentityHeaders.DOMAIN));
        if (project == null && domain != null) {
            return Scope.domain(domain);
        }
        return project == null ? Scope.unscoped()
                : Scope.project(project, blankToNull(request.getHeader(IdentityHeaders.PROJECT_DOMAIN)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String identity(String header, String value) {
        if (value != null && value.length() > MAX_IDENTITY_LENGTH) {
            throw ApiException.badRequest("Header " + header + " holds a value of " + value.length()
                    + " characters; project ids, user ids and role names have at most " + MAX_IDENTITY_LENGTH + ".");
        }
        return value;
    }

    /** The service catalog of the caller's token (keystone mode; empty otherwise), for calls to other services. */
    public List<Map<String, Object>> catalog() {
        KeystoneIdentity identity = mode == AuthMode.KEYSTONE ? routing.get(KEYSTONE_IDENTITY) : null;
        return identity == null ? List.of() : identity.catalog();
    }

    /** The caller's token, its expiry and catalog, for work done on the caller's behalf elsewhere. */
    public Delegation delegation() {
        KeystoneIdentity identity = mode == AuthMode.KEYSTONE ? routing.get(KEYSTONE_IDENTITY) : null;
        String token = blankToNull(request.getHeader("X-Auth-Token"));
        if (identity == null) {
            return new Delegation(token, null, List.of());
        }
        return new Delegation(token, identity.expiresAt(), identity.catalog());
    }

    public AuthMode mode() {
        return mode;
    }
}
