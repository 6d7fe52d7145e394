package dev.glint.domain;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Glance writes timestamps as ISO 8601 in UTC to the second: {@code 2015-11-29T22:21:42Z}. */
public final class GlanceTime {

    private GlanceTime() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
