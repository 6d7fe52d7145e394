package dev.glint.api.identity;

import java.util.List;

/** The headers keystonemiddleware sets once it has validated a token. */
public final class IdentityHeaders {

    public static final String STATUS = "X-Identity-Status";
    public static final String PROJECT = "X-Project-Id";
    public static final String USER = "X-User-Id";
    public static final String ROLES = "X-Roles";
    /** The domain of the token's project (project-scoped tokens). */
    public static final String PROJECT_DOMAIN = "X-Project-Domain-Id";
    /** The domain a domain-scoped token is scoped to. */
    public static final String DOMAIN = "X-Domain-Id";
    /** {@code all} for a system-scoped token. */
    public static final String SYSTEM_SCOPE = "OpenStack-System-Scope";
    /** Headers that must appear at most once: merging two copies would let a caller add roles or change scope. */
    public static final List<String> SINGLE = List.of(STATUS, PROJECT, USER, ROLES, "X-Tenant-Id", PROJECT_DOMAIN,
            DOMAIN, SYSTEM_SCOPE);

    private IdentityHeaders() {
    }
}
