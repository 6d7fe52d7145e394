package dev.glint.persistence;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The caller's credentials for a glance-download task ({@code import_credentials}): the token the
 * import-worker reads the remote image with, and the remote endpoint. They never leave PostgreSQL
 * for Kafka or the task's input; the row goes when the task ends ({@link #forget}) and is swept
 * once the token has expired ({@link #sweepExpired}), whichever comes first.
 */
@ApplicationScoped
public class ImportCredentials {

    /**
     * One task's credentials. {@code endpoint} is null when image-api found no endpoint for the
     * region and interface asked for, and {@code endpointProblem} then says why; {@code token} is
     * null when the request carried none (a remote without authentication).
     */
    public record Credential(UUID taskId, String endpoint, String endpointProblem, String token) {
        @Override
        public String toString() {
            // Never the token: this record may end up in a log line or an exception message.
            return "Credential[task " + taskId + ", endpoint " + endpoint + "]";
        }
    }

    private final Mutiny.SessionFactory sessions;

    public ImportCredentials(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Records {@code credential} until {@code expiresAt}, in the transaction that records its task. */
    public Uni<Void> keep(Mutiny.Session session, Credential credential, Instant expiresAt) {
        return session.createNativeQuery("insert into import_credentials (task_id, endpoint, endpoint_problem, token, "
                        + "expires_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, credential.taskId())
                .setParameter(2, credential.endpoint())
                .setParameter(3, credential.endpointProblem())
                .setParameter(4, credential.token())
                .setParameter(5, expiresAt)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The task's credentials, unless they expired or are gone. */
    public Uni<Optional<Credential>> find(Mutiny.Session session, UUID taskId) {
        return session.createNativeQuery("select endpoint, endpoint_problem, token from import_credentials "
                        + "where task_id = ?1 and expires_at > now()", Object[].class)
                .setParameter(1, taskId)
                .getResultList()
                .map(rows -> first(taskId, rows));
    }

    private static Optional<Credential> first(UUID taskId, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new Credential(taskId, (String) row[0], (String) row[1], (String) row[2]));
    }

    /** Deletes the task's credentials: its import ended, they are not needed again. */
    public Uni<Void> forget(Mutiny.Session session, UUID taskId) {
        return session.createNativeQuery("delete from import_credentials where task_id = ?1")
                .setParameter(1, taskId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * Tokens that expired are of no use to anybody: their rows go, also those of tasks that ended
     * without an import-worker seeing the end (given up on by the task-executor).
     */
    @Scheduled(every = "${glint.import.credentials.sweep-interval:1m}", delayed = "30s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweepExpired() {
        return sessions.withTransaction(session -> session
                        .createNativeQuery("delete from import_credentials where expires_at <= now()")
                        .executeUpdate())
                .replaceWithVoid();
    }
}
