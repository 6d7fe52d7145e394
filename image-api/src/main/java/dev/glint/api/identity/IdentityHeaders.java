package dev.glint.api.identity;

import java.util.List;

/** The headers keystonemiddleware sets once it has validated a token. */
public final class IdentityHeaders {

    public static final String STATUS = "X-Identity-Status";
    public static final String PROJECT = "X-Project-Id";
    public static final String USER = "X-User-Id";
    public static final String ROLES = "X-Roles";
    /** Headers that must appear at most once: merging two copies would let a caller add roles. */
    public static final List<String> SINGLE = List.of(STATUS, PROJECT, USER, ROLES, "X-Tenant-Id");

    private IdentityHeaders() {
    }
}
