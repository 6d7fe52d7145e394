package dev.glint.api.identity;

import java.util.Set;

/**
 * Who is making a request: the project that owns what they create, and their role names (lower
 * case). What the roles allow is the AccessPolicy's to say; {@link #isAdmin()} serves the few
 * checks Glance makes in code rather than in its rules (listing everything, changing owners).
 */
public record Caller(String projectId, String userId, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean owns(String owner) {
        return projectId != null && projectId.equals(owner);
    }
}
