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

/** Every ordered pair of task statuses against the contract's task table. */
class TaskStatusTransitionsTest {

    private static final Set<String> ALLOWED = Set.of(
            "pending>processing", "pending>failure", "processing>success", "processing>failure");

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : TaskStatus.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void followsTheContract(TaskStatus from, TaskStatus to) {
        boolean expected = ALLOWED.contains(from.apiName() + ">" + to.apiName());
        assertEquals(expected, from.canMoveTo(to));
        if (expected) {
            from.requireMoveTo(to);
        } else {
            assertThrows(IllegalTransitionException.class, () -> from.requireMoveTo(to));
        }
    }

    @Test
    void successAndFailureAreTerminal() {
        assertEquals(Set.of(TaskStatus.SUCCESS, TaskStatus.FAILURE),
                Set.of(TaskStatus.values()).stream().filter(TaskStatus::isTerminal)
                        .collect(java.util.stream.Collectors.toSet()));
        assertEquals(TaskStatus.PENDING, TaskStatus.initial());
    }
}
