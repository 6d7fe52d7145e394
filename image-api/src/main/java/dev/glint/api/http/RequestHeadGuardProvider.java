package dev.glint.api.http;

import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.spi.VertxServiceProvider;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts the {@link GuardedTransport} into the Vert.x instance Quarkus builds (found through
 * {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}, as Vert.x finds its metrics
 * and tracing providers). The timeout is {@code glint.api.request-head-timeout}.
 */
public final class RequestHeadGuardProvider implements VertxServiceProvider {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public void init(VertxBuilder builder) {
        if (builder.findTransport() != null && !(builder.findTransport() instanceof GuardedTransport)) {
            builder.findTransport(new GuardedTransport(builder.findTransport(), RequestHeadGuardProvider::timeout));
        }
    }

    private static Duration timeout() {
        try {
            return ConfigProvider.getConfig().getOptionalValue("glint.api.request-head-timeout", Duration.class)
                    .orElse(DEFAULT_TIMEOUT);
        } catch (IllegalStateException e) {
            return DEFAULT_TIMEOUT;
        }
    }
}
