package dev.glint.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The named task transitions cover the task status table and nothing outside it. */
class TaskTransitionTest {

    @Test
    void everyStatusChangeOfTheTableHasANamedTransitionAndNoneOutsideIt() {
        Set<String> named = new HashSet<>();
        for (TaskTransition transition : TaskTransition.values()) {
            for (TaskStatus from : transition.from()) {
                TaskStatus to = transition.to(from);
                if (to != from) {
                    assertTrue(from.canMoveTo(to), transition + ": " + from + " -> " + to);
                    named.add(from + ">" + to);
                }
            }
        }
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : from.next()) {
                assertTrue(named.contains(from + ">" + to), from + " -> " + to + " has no named transition");
            }
        }
    }

    @Test
    void theOlderCallShapeFindsItsTransition() {
        for (TaskTransition transition : TaskTransition.values()) {
            for (TaskStatus from : transition.from()) {
                assertEquals(transition, TaskTransition.resolve(from, transition.to(from), transition.eventType()));
            }
        }
    }
}
