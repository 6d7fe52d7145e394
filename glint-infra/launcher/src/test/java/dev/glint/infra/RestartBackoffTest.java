package dev.glint.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private final RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    @Test
    void repeatedCrashesWaitTwiceAsLongUpToTheMaximum() {
        long[] waits = new long[8];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = backoff.afterExit(Duration.ofSeconds(2)).toSeconds();
        }
        assertEquals("[1, 2, 4, 8, 16, 30, 30, 30]", java.util.Arrays.toString(waits));
    }

    @Test
    void aProcessThatRanLongEnoughStartsTheCountAgain() {
        backoff.afterExit(Duration.ofSeconds(1));
        backoff.afterExit(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(4), backoff.afterFailedStart());
        assertEquals(Duration.ofSeconds(1), backoff.afterExit(Duration.ofMinutes(5)));
    }

    @Test
    void anOperatorsStartResetsTheWait() {
        backoff.afterExit(Duration.ofSeconds(1));
        backoff.afterExit(Duration.ofSeconds(1));
        backoff.reset();
        assertEquals(Duration.ofSeconds(1), backoff.afterFailedStart());
    }
}
