package dev.glint.persistence;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one way services open transactions: after a commit that may have written events, the outbox
 * relay is nudged so the events go out at once.
 */
@ApplicationScoped
public class Transactions {

    private final Mutiny.SessionFactory sessions;
    private final OutboxRelay relay;

    public Transactions(Mutiny.SessionFactory sessions, OutboxRelay relay) {
        this.sessions = sessions;
        this.relay = relay;
    }

    public <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction((session, tx) -> work.apply(session)).invoke(relay::nudge);
    }

    public <T> Uni<T> read(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withSession(work);
    }

    /**
     * Runs a transaction from a worker thread (one doing blocking I/O such as streaming to the
     * object store) and waits for it.
     */
    public <T> T awaitTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return await(() -> inTransaction(work));
    }

    public <T> T awaitRead(Function<Mutiny.Session, Uni<T>> work) {
        return await(() -> read(work));
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> uni) {
        try {
            return VertxContextSupport.subscribeAndAwait(uni);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new CompletionException(t);
        }
    }
}
