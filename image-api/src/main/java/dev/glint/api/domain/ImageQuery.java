package dev.glint.api.domain;

import java.util.Map;

/** One page request of {@code GET /v2/images}: simple equality filters, a marker, a limit. */
public record ImageQuery(Map<String, String> filters, String marker, int limit) {
}
