package dev.glint.api.identity;

import java.util.Set;

/** Who is making a request: the project that owns what they create, and their roles. */
public record Caller(String projectId, String userId, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean owns(String owner) {
        return projectId.equals(owner);
    }
}
