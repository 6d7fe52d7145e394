package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;

/** One range of an HTTP {@code Range: bytes=...} header, resolved against the object size. */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** Parses {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; anything else is 416. */
    static ByteRange parse(String header, long size) {
        String spec = header.trim();
        if (!spec.startsWith("bytes=") || spec.indexOf(',') >= 0) {
            throw unsatisfiable(header);
        }
        String[] bounds = spec.substring("bytes=".length()).split("-", -1);
        if (bounds.length != 2) {
            throw unsatisfiable(header);
        }
        try {
            long first;
            long last;
            if (bounds[0].isEmpty()) {
                long suffix = Long.parseLong(bounds[1]);
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(bounds[0]);
                last = bounds[1].isEmpty() ? size - 1 : Math.min(Long.parseLong(bounds[1]), size - 1);
            }
            if (first < 0 || first > last || first >= size) {
                throw unsatisfiable(header);
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            throw unsatisfiable(header);
        }
    }

    private static ApiException unsatisfiable(String header) {
        return new ApiException(416, "Requested range not satisfiable: " + header);
    }
}
