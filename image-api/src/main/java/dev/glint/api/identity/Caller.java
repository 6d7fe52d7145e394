package dev.glint.api.identity;

import java.util.Set;

/** Who is making a request: the project that owns what they create, and their roles. */
public record Caller(String projectId, String userId, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    /** Glance's default rules let members (and admins) change things; readers only look. */
    public boolean canWrite() {
        return isAdmin() || roles.contains("member");
    }

    public boolean owns(String owner) {
        return projectId != null && projectId.equals(owner);
    }
}
