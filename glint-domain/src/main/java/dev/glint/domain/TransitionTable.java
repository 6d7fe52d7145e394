package dev.glint.domain;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which statuses may follow which: the one mechanism behind both status enums. */
final class TransitionTable<S extends Enum<S>> {

    private final Class<S> type;
    private final Map<S, Set<S>> next;

    TransitionTable(Class<S> type) {
        this.type = type;
        this.next = new EnumMap<>(type);
    }

    @SafeVarargs
    final TransitionTable<S> allow(S from, S... to) {
        next.put(from, to.length == 0
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(to))));
        return this;
    }

    Set<S> next(S from) {
        Set<S> targets = next.get(from);
        if (targets == null) {
            throw new IllegalStateException(type.getSimpleName() + " " + from + " has no row in the table");
        }
        return targets;
    }
}
