package dev.glint.api.identity.keystone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glint.api.identity.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Validated tokens end at their expiry or after the cache time, invalid ones after the (shorter)
 * invalid cache time, and the cache stays bounded.
 */
class TokenCacheTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private KeystoneIdentity expiringIn(Duration life) {
        return new KeystoneIdentity(new Caller("p", "u", Set.of("reader")), List.of(), now.plus(life));
    }

    @Test
    void entriesEndAtExpiryOrCacheTimeWhicheverIsFirst() {
        TokenCache cache = new TokenCache(10, Duration.ofMinutes(5), Duration.ofSeconds(10), clock);
        cache.put("long", expiringIn(Duration.ofHours(1)));
        cache.put("short", expiringIn(Duration.ofSeconds(30)));
        now = now.plusSeconds(29);
        assertNotNull(cache.get("short"));
        now = now.plusSeconds(1);
        assertNull(cache.get("short"));
        assertNotNull(cache.get("long"));
        now = now.plus(Duration.ofMinutes(5));
        assertNull(cache.get("long"));
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        TokenCache cache = new TokenCache(2, Duration.ofMinutes(5), Duration.ofSeconds(10), clock);
        cache.put("a", expiringIn(Duration.ofHours(1)));
        cache.put("b", expiringIn(Duration.ofHours(1)));
        cache.get("a");
        cache.put("c", expiringIn(Duration.ofHours(1)));
        assertEquals(2, cache.size());
        assertNotNull(cache.get("a"));
        assertNull(cache.get("b"));
        assertNotNull(cache.get("c"));
    }

    @Test
    void invalidTokensAreRememberedBriefly() {
        TokenCache cache = new TokenCache(10, Duration.ofMinutes(5), Duration.ofSeconds(10), clock);
        String key = TokenCache.key("bad");
        assertInstanceOf(TokenCache.Lookup.Unknown.class, cache.lookup(key));
        cache.putInvalid(key);
        now = now.plusSeconds(9);
        assertInstanceOf(TokenCache.Lookup.Invalid.class, cache.lookup(key));
        assertNull(cache.get("bad"));
        now = now.plusSeconds(1);
        assertInstanceOf(TokenCache.Lookup.Unknown.class, cache.lookup(key));

        TokenCache off = new TokenCache(10, Duration.ofMinutes(5), Duration.ZERO, clock);
        off.putInvalid(key);
        assertInstanceOf(TokenCache.Lookup.Unknown.class, off.lookup(key));
    }
}
