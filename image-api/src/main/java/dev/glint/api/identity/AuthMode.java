package dev.glint.api.identity;

import java.util.Locale;

/** How image-api learns who calls it ({@code glint.auth.mode}). */
public enum AuthMode {
    /** Every request runs as admin of the default project. */
    NOAUTH,
    /** keystonemiddleware (or a proxy like it) in front validated the token and set the identity headers. */
    TRUSTED_HEADERS,
    /** image-api validates each request's X-Auth-Token with Keystone itself. */
    KEYSTONE;

    public static AuthMode parse(String value) {
        return valueOf(value.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    }
}
