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

    /** Longest wait for Keystone on one call; then the request gets 503. */
    @WithDefault("PT5S")
    Duration timeout();
}
