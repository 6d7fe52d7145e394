package dev.glint.api.identity.keystone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What keystone mode costs and how Keystone behaves, at {@code /q/metrics}:
 * {@code glint_keystone_requests_seconds} (each call to Keystone, by {@code call} — validate,
 * issue — and {@code outcome} — the answer, or timeout, unreachable, http_5xx),
 * {@code glint_keystone_failures_total} (calls that got no usable answer, by {@code call} and
 * {@code reason}; retried or not) and {@code glint_keystone_token_lookups_total} (how each
 * request's token was settled: {@code cached}, {@code cached_invalid}, {@code coalesced} with a
 * validation already in flight, or {@code validated} by a call of its own).
 */
final class KeystoneMetrics {

    private final MeterRegistry registry;

    KeystoneMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void call(String call, String outcome, Duration took) {
        Timer.builder("glint.keystone.requests")
                .description("Calls to Keystone and how long they took")
                .tag("call", call).tag("outcome", outcome)
                .register(registry).record(took);
    }

    void failure(String call, String reason) {
        Counter.builder("glint.keystone.failures")
                .description("Calls to Keystone that got no usable answer")
                .tag("call", call).tag("reason", reason)
                .register(registry).increment();
    }

    void lookup(String result) {
        Counter.builder("glint.keystone.token.lookups")
                .description("Requests' tokens, by how they were settled")
                .tag("result", result)
                .register(registry).increment();
    }
}
