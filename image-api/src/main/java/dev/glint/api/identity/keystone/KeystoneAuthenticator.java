package dev.glint.api.identity.keystone;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.AuthMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keystone mode's token check, as keystonemiddleware does it for Glance: image-api holds a token of
 * its own (renewed half-way through its life, or at once when Keystone refuses it) and asks Keystone
 * about each caller's {@code X-Auth-Token}, remembering the answer for a while ({@link TokenCache}:
 * valid tokens for {@code cache-time}, invalid ones for {@code invalid-cache-time}). Requests that
 * carry a token already being validated wait for that one validation instead of asking Keystone
 * again, so a burst of requests with one token costs one call. A missing or invalid token is 401;
 * Keystone down, slow or failing (after the client's retries) is 503, never a pass.
 */
@ApplicationScoped
public class KeystoneAuthenticator {

    private static final Logger LOG = Logger.getLogger(KeystoneAuthenticator.class);
    static final String UNAUTHENTICATED = "The request you have made requires authentication.";

    private final KeystoneClient client;
    private final TokenCache cache;
    private final KeystoneMetrics metrics;
    /** Validations in flight, by token key: later requests with the same token share them. */
    private final ConcurrentHashMap<String, Uni<KeystoneIdentity>> validating = new ConcurrentHashMap<>();
    private final String wwwAuthenticate;
    private volatile KeystoneClient.ServiceToken serviceToken;
    private Uni<KeystoneClient.ServiceToken> renewal;

    public KeystoneAuthenticator(Vertx vertx, KeystoneConfig config, MeterRegistry registry,
            @ConfigProperty(name = "glint.auth.mode") String mode) {
        if (AuthMode.parse(mode) != AuthMode.KEYSTONE) {
            this.client = null;
            this.cache = null;
            this.metrics = null;
            this.wwwAuthenticate = null;
            return;
        }
        // Missing settings stop the start, rather than every request failing later.
        config.username().orElseThrow(() -> new IllegalStateException(
                "glint.auth.mode=keystone needs glint.auth.keystone.username"));
        config.password().orElseThrow(() -> new IllegalStateException(
                "glint.auth.mode=keystone needs glint.auth.keystone.password"));
        this.metrics = new KeystoneMetrics(registry);
        this.client = new KeystoneClient(vertx, config, metrics);
        this.cache = new TokenCache(config.cacheSize(), config.cacheTime(), config.invalidCacheTime(), Clock.systemUTC());
        this.wwwAuthenticate = "Keystone uri=\"" + config.wwwAuthenticateUri().orElse(client.base().toString()) + "\"";
        LOG.infof("Keystone mode: validating tokens with %s as user %s (project %s)", client.base(),
                config.username().get(), config.projectName());
    }

    /** The {@code WWW-Authenticate} value of a 401, naming where to get a token. */
    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }

    /** The identity of {@code token}; fails with 401 (no or invalid token) or 503 (Keystone unavailable). */
    public Uni<KeystoneIdentity> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(new ApiException(401, UNAUTHENTICATED));
        }
        String subject = token.strip();
        String key = TokenCache.key(subject);
        TokenCache.Lookup known = cache.lookup(key);
        if (known instanceof TokenCache.Lookup.Valid valid) {
            metrics.lookup("cached");
            return Uni.createFrom().item(valid.identity());
        }
        if (known instanceof TokenCache.Lookup.Invalid) {
            metrics.lookup("cached_invalid");
            return Uni.createFrom().failure(new ApiException(401, UNAUTHENTICATED));
        }
        boolean[] mine = {false};
        Uni<KeystoneIdentity> shared = validating.computeIfAbsent(key, ignored -> {
            mine[0] = true;
            return sharedValidation(key, subject);
        });
        metrics.lookup(mine[0] ? "validated" : "coalesced");
        Uni<KeystoneIdentity> result = shared;
        Context context = io.vertx.core.Vertx.currentContext();
        if (!mine[0] && context != null) {
            // The shared validation completes on the context of the request that started it; each
            // waiting request carries on on its own.
            result = result.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return result;
    }

    /** One validation of {@code token} for every request that asks meanwhile; forgotten once it ends. */
    private Uni<KeystoneIdentity> sharedValidation(String key, String token) {
        AtomicReference<Uni<KeystoneIdentity>> self = new AtomicReference<>();
        self.set(validate(key, token, true)
                .onFailure(failure -> !(failure instanceof ApiException)).transform(failure -> {
                    LOG.warnf("Cannot validate a token: %s", failure.getMessage());
                    return ApiException.unavailable("The identity service (Keystone) could not validate the token: "
                            + failure.getMessage() + ". Try again later.");
                })
                .onTermination().invoke(() -> validating.remove(key, self.get()))
                .memoize().indefinitely());
        return self.get();
    }

    private Uni<KeystoneIdentity> validate(String key, String token, boolean retry) {
        return serviceToken().flatMap(service -> client.validate(service.token(), token).flatMap(validation -> {
            if (validation instanceof KeystoneClient.Validation.Valid valid) {
                cache.putValid(key, valid.identity());
                return Uni.createFrom().item(valid.identity());
            }
            if (validation instanceof KeystoneClient.Validation.ServiceTokenRefused) {
                forget(service);
                if (retry) {
                    return validate(key, token, false);
                }
                throw new KeystoneUnavailableException("Keystone refuses image-api's own token");
            }
            cache.putInvalid(key);
            throw new ApiException(401, UNAUTHENTICATED);
        }));
    }

    /** The service token, renewed when half its life is gone; concurrent requests share one renewal. */
    private Uni<KeystoneClient.ServiceToken> serviceToken() {
        KeystoneClient.ServiceToken current = serviceToken;
        if (current != null && Instant.now().isBefore(renewAt(current))) {
            return Uni.createFrom().item(current);
        }
        synchronized (this) {
            if (renewal == null) {
                renewal = client.issue()
                        .invoke(issued -> {
                            serviceToken = issued;
                            LOG.debugf("New service token, valid until %s", issued.expiresAt());
                        })
                        .onTermination().invoke(this::renewalDone)
                        .memoize().indefinitely();
            }
            Uni<KeystoneClient.ServiceToken> pending = renewal;
            // While the old token is still valid, requests keep using it instead of waiting.
            if (current != null && Instant.now().isBefore(current.expiresAt())) {
                pending.subscribe().with(ignored -> { }, failure -> LOG.warnf("Service token renewal failed: %s",
                        failure.getMessage()));
                return Uni.createFrom().item(current);
            }
            return pending;
        }
    }

    private synchronized void renewalDone() {
        renewal = null;
    }

    private synchronized void forget(KeystoneClient.ServiceToken refused) {
        if (serviceToken == refused) {
            serviceToken = null;
        }
    }

    private static Instant renewAt(KeystoneClient.ServiceToken token) {
        Duration life = Duration.between(token.issuedAt(), token.expiresAt());
        return token.issuedAt().plus(life.dividedBy(2));
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
