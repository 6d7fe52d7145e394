package dev.glint.api.identity;

import java.util.Set;

/**
 * Who is making a request: the project that owns what they create, their role names (lower
 * case) and what their token is scoped to. What the roles and the scope allow is the
 * AccessPolicy's to say; {@link #isAdmin()} serves the few checks Glance makes in code rather than
 * in its rules (listing everything, changing owners), always after a rule has let the caller in.
 */
public record Caller(String projectId, String userId, Set<String> roles, Scope scope) {

    public Caller {
        if (scope == null) {
            scope = projectId == null ? Scope.unscoped() : Scope.project(projectId, null);
        }
    }

    /** A caller scoped to {@code projectId} (or unscoped when it is null). */
    public Caller(String projectId, String userId, Set<String> roles) {
        this(projectId, userId, roles, null);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean owns(String owner) {
        return projectId != null && projectId.equals(owner);
    }

    /** The domain of a domain-scoped token, otherwise null (oslo.policy's {@code domain_id}). */
    public String domainId() {
        return scope.kind() == Scope.Kind.DOMAIN ? scope.id() : null;
    }

    /** The domain of the project of a project-scoped token, when known (oslo.policy's {@code project_domain_id}). */
    public String projectDomainId() {
        return scope.kind() == Scope.Kind.PROJECT ? scope.domainId() : null;
    }

    /** {@code all} for a system-scoped token, otherwise null (oslo.policy's {@code system_scope}). */
    public String systemScope() {
        return scope.isSystem() ? scope.id() : null;
    }
}
