package dev.glint.persistence;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts reactive work that belongs to no request (relay runs, timers) on a fresh duplicated Vert.x
 * context, which Hibernate Reactive needs, from whatever thread asks for it.
 */
@ApplicationScoped
public class BackgroundWork {

    private final Vertx vertx;

    public BackgroundWork(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> void run(Supplier<Uni<T>> work, Consumer<T> onItem, Consumer<Throwable> onFailure) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                onFailure.accept(e);
                return;
            }
            uni.subscribe().with(onItem, onFailure);
        });
    }

    /** Runs {@code action} once after {@code delay}, on a Vert.x timer. */
    public void after(Duration delay, Runnable action) {
        vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> action.run());
    }
}
