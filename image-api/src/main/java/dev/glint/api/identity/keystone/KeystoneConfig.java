package dev.glint.api.identity.keystone;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code glint.auth.keystone.*}: where Keystone is and who image-api is to it (used when glint.auth.mode=keystone). */
@ConfigMapping(prefix = "glint.auth.keystone")
public interface KeystoneConfig {

    /** Keystone's identity endpoint, e.g. {@code http://keystone:5000/v3} ({@code /v3} is added when missing). */
    Optional<String> url();

    /** The service user image-api authenticates as (Glance's {@code [keystone_authtoken] username}). */
    Optional<String> username();

    Optional<String> password();

    /** The project the service token is scoped to (usually {@code service}). */
    @WithDefault("service")
    String projectName();

    @WithDefault("Default")
    String userDomainName();

    @WithDefault("Default")
    String projectDomainName();

    /** Told to clients in {@code WWW-Authenticate: Keystone uri="..."}; defaults to {@link #url()}. */
    Optional<String> wwwAuthenticateUri();

    /** Longest time a validated token is trusted without asking Keystone again (never past its expiry). */
    @WithDefault("PT5M")
    Duration cacheTime();

    /** Most validated tokens kept; the least recently used go first. */
    @WithDefault("10000")
    int cacheSize();

    /** How long a token Keystone called invalid is refused without asking again ({@code PT0S}: never cached). */
    @WithDefault("PT10S")
    Duration invalidCacheTime();

    /**
     * Longest wait for one answer from Keystone. A Keystone busy on a small machine answers a
     * validation in seconds, so this is generous; a request waits for at most
     * {@code (retries + 1) x timeout} plus the retry delays before it gets 503.
     */
    @WithDefault("PT15S")
    Duration timeout();

    /** Calls tried again after a connection failure, a timeout or a 5xx answer (keystonemiddleware: 3). */
    @WithDefault("2")
    int retries();

    /** Wait before the first retry; it doubles for each further one. */
    @WithDefault("PT0.2S")
    Duration retryDelay();

    /** Calls to Keystone in flight at once; more wait in line (Keystone itself answers few at a time). */
    @WithDefault("16")
    int maxConnections();
}
