package dev.glint.api.identity;

/**
 * What the caller's token is scoped to, as Keystone v3 says: one project (in its domain), one
 * domain, the whole deployment ({@code system}, whose only value is {@code all}), or nothing.
 * Policy rules see it through {@link #type()} (oslo.policy's scope types) and the checks
 * {@code project_id}, {@code domain_id} and {@code system_scope}.
 */
public record Scope(Kind kind, String id, String domainId) {

    public enum Kind {
        PROJECT, DOMAIN, SYSTEM, UNSCOPED
    }

    /** The value of a system scope: Keystone knows no other. */
    public static final String SYSTEM_ALL = "all";

    public static Scope project(String projectId, String projectDomainId) {
        return new Scope(Kind.PROJECT, projectId, projectDomainId);
    }

    public static Scope domain(String domainId) {
        return new Scope(Kind.DOMAIN, domainId, domainId);
    }

    public static Scope system() {
        return new Scope(Kind.SYSTEM, SYSTEM_ALL, null);
    }

    public static Scope unscoped() {
        return new Scope(Kind.UNSCOPED, null, null);
    }

    /**
     * The scope type as a rule's {@code scope_types} name it: {@code project}, {@code domain} or
     * {@code system}. An unscoped token counts as {@code project} (with no project), as in
     * oslo.policy, so it passes the scope check and then fails every project check.
     */
    public String type() {
        return switch (kind) {
            case SYSTEM -> "system";
            case DOMAIN -> "domain";
            case PROJECT, UNSCOPED -> "project";
        };
    }

    public boolean isSystem() {
        return kind == Kind.SYSTEM;
    }

    /** The project of a project scope, otherwise null. */
    public String projectId() {
        return kind == Kind.PROJECT ? id : null;
    }

    @Override
    public String toString() {
        return kind == Kind.UNSCOPED ? "unscoped" : type() + ":" + id;
    }
}
