package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;

/** The {@code limit} query parameter of Glance's lists (images, tasks): default, ceiling, 400 when not a count. */
final class ListLimit {

    private ListLimit() {
    }

    static int parse(String requested, ApiConfig config) {
        if (requested == null) {
            return config.listLimitDefault();
        }
        try {
            int limit = Integer.parseInt(requested);
            if (limit < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(limit, config.listLimitMax());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }
}
