package dev.glint.api.identity.keystone;

import dev.glint.api.identity.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a validated token says: the caller (project, user, role names), the service catalog (kept
 * for features that call other services), and when the token expires.
 */
public record KeystoneIdentity(Caller caller, List<Map<String, Object>> catalog, Instant expiresAt) {
}
