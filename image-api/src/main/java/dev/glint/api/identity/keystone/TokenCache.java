package dev.glint.api.identity.keystone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Keystone said about tokens, so that it is not asked on every request. A valid token's entry
 * lives until the token expires or {@code cacheTime} has passed, whichever is first (so a revoked
 * token is refused at the latest {@code cacheTime} after its revocation); an invalid token's for
 * {@code invalidCacheTime} (a client retrying with a bad token costs Keystone nothing meanwhile).
 * The least recently used entries go once {@code maxEntries} are held. Keys are SHA-256 digests:
 * the tokens themselves are not kept.
 */
final class TokenCache {

    /** What the cache knows of a token: valid (with its identity), invalid, or nothing. */
    sealed interface Lookup {
        record Valid(KeystoneIdentity identity) implements Lookup {
        }

        record Invalid() implements Lookup {
        }

        record Unknown() implements Lookup {
        }
    }

    /** An entry; a null identity marks a token Keystone called invalid. */
    private record Entry(KeystoneIdentity identity, Instant until) {
    }

    private final Map<String, Entry> entries;
    private final Duration cacheTime;
    private final Duration invalidCacheTime;
    private final Clock clock;

    TokenCache(int maxEntries, Duration cacheTime, Duration invalidCacheTime, Clock clock) {
        this.cacheTime = cacheTime;
        this.invalidCacheTime = invalidCacheTime;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The key of {@code token} in this cache (and for coalescing its validations). */
    static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Lookup lookup(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return new Lookup.Unknown();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(key);
            return new Lookup.Unknown();
        }
        return entry.identity() == null ? new Lookup.Invalid() : new Lookup.Valid(entry.identity());
    }

    /** The identity of a valid token, or null (unknown, or known invalid). */
    KeystoneIdentity get(String token) {
        return lookup(key(token)) instanceof Lookup.Valid valid ? valid.identity() : null;
    }

    synchronized void putValid(String key, KeystoneIdentity identity) {
        Instant until = clock.instant().plus(cacheTime);
        if (identity.expiresAt().isBefore(until)) {
            until = identity.expiresAt();
        }
        entries.put(key, new Entry(identity, until));
    }

    void put(String token, KeystoneIdentity identity) {
        putValid(key(token), identity);
    }

    synchronized void putInvalid(String key) {
        if (!invalidCacheTime.isZero() && !invalidCacheTime.isNegative()) {
            entries.put(key, new Entry(null, clock.instant().plus(invalidCacheTime)));
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
