package dev.glint.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordered pair of image statuses against the table of docs/statuses.md, written out
 * here a second time on purpose: a change to the contract must change both.
 */
class ImageStatusTransitionsTest {

    private static final Set<String> ALLOWED = Set.of(
            "queued>saving", "queued>uploading", "queued>importing", "queued>active", "queued>deleted",
            "saving>active", "saving>queued", "saving>killed", "saving>deleted",
            "uploading>importing", "uploading>queued", "uploading>deleted",
            "importing>active", "importing>queued", "importing>deleted",
            "active>deactivated", "active>pending_delete", "active>deleted",
            "deactivated>active", "deactivated>deleted", "deactivated>pending_delete",
            "killed>deleted",
            "pending_delete>deleted", "pending_delete>active");

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (ImageStatus from : ImageStatus.values()) {
            for (ImageStatus to : ImageStatus.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void followsTheContract(ImageStatus from, ImageStatus to) {
        boolean expected = ALLOWED.contains(from.apiName() + ">" + to.apiName());
        assertEquals(expected, from.canMoveTo(to));
        if (expected) {
            from.requireMoveTo(to);
        } else {
            IllegalTransitionException refused =
                    assertThrows(IllegalTransitionException.class, () -> from.requireMoveTo(to));
            assertEquals(from.apiName(), refused.from());
            assertEquals(to.apiName(), refused.to());
        }
    }

    @Test
    void onlyDeletedIsTerminalAndQueuedIsInitial() {
        for (ImageStatus status : ImageStatus.values()) {
            assertEquals(status == ImageStatus.DELETED, status.isTerminal(), status.apiName());
        }
        assertEquals(ImageStatus.QUEUED, ImageStatus.initial());
    }

    @Test
    void wireNamesRoundTrip() {
        for (ImageStatus status : ImageStatus.values()) {
            assertEquals(status, ImageStatus.fromApiName(status.apiName()));
        }
        assertEquals("pending_delete", ImageStatus.PENDING_DELETE.apiName());
    }
}
