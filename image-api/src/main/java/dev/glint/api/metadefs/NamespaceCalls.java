package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.persistence.Transactions;
import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.BiFunction;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs a call on something inside a namespace, in Glance's order: the namespace must exist for the
 * caller (404), then each rule named must allow the call (403, or 404 for a namespace the caller may
 * not read), then the work runs in one session (a transaction for changes).
 */
@ApplicationScoped
public class NamespaceCalls {

    private final Transactions tx;
    private final MetadefAccess access;

    public NamespaceCalls(Transactions tx, MetadefAccess access) {
        this.tx = tx;
        this.access = access;
    }

    public <T> Uni<T> read(Caller caller, String name, List<String> actions,
            BiFunction<Mutiny.Session, MetadefNamespaceRecord, Uni<T>> work) {
        return tx.read(session -> in(session, caller, name, actions, work));
    }

    public <T> Uni<T> change(Caller caller, String name, List<String> actions,
            BiFunction<Mutiny.Session, MetadefNamespaceRecord, Uni<T>> work) {
        return tx.inTransaction(session -> in(session, caller, name, actions, work));
    }

    private <T> Uni<T> in(Mutiny.Session session, Caller caller, String name, List<String> actions,
            BiFunction<Mutiny.Session, MetadefNamespaceRecord, Uni<T>> work) {
        return CatalogQueries.namespace(session, name).flatMap(found -> {
            MetadefNamespaceRecord namespace = access.visible(caller, found, name);
            actions.forEach(action -> access.require(action, caller, namespace));
            return work.apply(session, namespace);
        });
    }

    /** 403 for removing something from a protected namespace, with Glance's message for what it is. */
    static void requireUnprotected(MetadefNamespaceRecord namespace, String what) {
        if (namespace.isProtected) {
            throw ApiException.forbidden(what + " is protected and cannot be deleted.");
        }
    }
}
