package dev.glint.api.identity.keystone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated tokens, so that Keystone is not asked on every request: each entry lives until the
 * token expires or {@code cacheTime} has passed, whichever is first (so a revoked token is refused
 * at the latest {@code cacheTime} after its revocation), and the least recently used entries go
 * once {@code maxEntries} are held. Keys are SHA-256 digests: the tokens themselves are not kept.
 */
final class TokenCache {

    private record Entry(KeystoneIdentity identity, Instant until) {
    }

    private final Map<String, Entry> entries;
    private final java.time.Duration cacheTime;
    private final Clock clock;

    TokenCache(int maxEntries, java.time.Duration cacheTime, Clock clock) {
        this.cacheTime = cacheTime;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized KeystoneIdentity get(String token) {
        String key = digest(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(key);
            return null;
        }
        return entry.identity();
    }

    synchronized void put(String token, KeystoneIdentity identity) {
        Instant until = clock.instant().plus(cacheTime);
        if (identity.expiresAt().isBefore(until)) {
            until = identity.expiresAt();
        }
        entries.put(digest(token), new Entry(identity, until));
    }

    synchronized int size() {
        return entries.size();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
