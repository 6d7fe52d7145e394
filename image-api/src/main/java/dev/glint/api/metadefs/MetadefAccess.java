package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.api.policy.AccessPolicy;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who sees and changes which metadata definitions, in Glance's two layers. Existence: admins see
 * every namespace, others the public ones and their own project's; any other namespace is 404.
 * Rules: for a namespace the caller sees, the action's rule decides ({@code get_metadef_namespace},
 * {@code add_metadef_object}, ...; admins-only writes by default). A refusal is 403, except where the
 * caller may not even read the namespace under {@code get_metadef_namespace}: then it is 404, so a
 * namespace one may not see is never confirmed to exist.
 */
@ApplicationScoped
public class MetadefAccess {

    static final String GET_NAMESPACE = "get_metadef_namespace";

    private final AccessPolicy policy;

    public MetadefAccess(AccessPolicy policy) {
        this.policy = policy;
    }

    /** The namespace when it exists for the caller; 404 (with the name) otherwise. */
    public MetadefNamespaceRecord visible(Caller caller, MetadefNamespaceRecord namespace, String name) {
        if (namespace == null || !exists(caller, namespace)) {
            throw notFound(name);
        }
        return namespace;
    }

    static boolean exists(Caller caller, MetadefNamespaceRecord namespace) {
        return caller.isAdmin() || "public".equals(namespace.visibility) || caller.owns(namespace.owner);
    }

    /** 403 (or 404, see above) unless {@code action}'s rule allows it on the namespace. */
    public void require(String action, Caller caller, MetadefNamespaceRecord namespace) {
        if (allows(action, caller, namespace)) {
            return;
        }
        if (GET_NAMESPACE.equals(action) || !allows(GET_NAMESPACE, caller, namespace)) {
            throw notFound(namespace.namespace);
        }
        throw ApiException.forbidden("You are not authorized to complete " + action + " action.");
    }

    public boolean allows(String action, Caller caller, MetadefNamespaceRecord namespace) {
        return policy.allows(action, caller, target(namespace));
    }

    /** For calls about no namespace in particular (listing, creating one): the caller's project is the target. */
    public void requireForProject(String action, Caller caller) {
        policy.enforce(action, caller, PolicyTarget.project(caller.projectId()));
    }

    /** A namespace as rules see it: {@code project_id}/{@code owner}, {@code visibility}, {@code namespace}. */
    public static PolicyTarget target(MetadefNamespaceRecord namespace) {
        return PolicyTarget.project(namespace.owner).with("visibility", namespace.visibility)
                .with("namespace", namespace.namespace);
    }

    public static ApiException notFound(String name) {
        return ApiException.notFound("Metadata definition namespace=" + name + " was not found.");
    }
}
