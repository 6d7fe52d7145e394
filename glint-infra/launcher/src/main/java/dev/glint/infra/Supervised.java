package dev.glint.infra;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What {@code ./glint up} starts, watches and starts again when it dies: a server or a Glint service. */
interface Supervised {

    String name();

    /** The ports it listens on, the one clients use first. */
    List<Integer> ports();

    /** Starts its process, without waiting. */
    ChildProcess launch();

    /** Blocks until it is ready for clients; throws with the log tail when it is not. */
    void awaitReady(ChildProcess child);

    /**
     * Blocks until a restarted process serves on its port. Defaults to {@link #awaitReady}; a
     * service is started again even while what it depends on is down, so it only has to answer.
     */
    default void awaitStarted(ChildProcess child) {
        awaitReady(child);
    }

    /** Whether it is ready now (one quick probe). */
    boolean healthy();

    /**
     * The processes that make it up when started as {@code child}: the child, its descendants and,
     * where the server runs as processes of its own, those (PostgreSQL's postmaster).
     */
    default Set<Long> processes(ChildProcess child) {
        Set<Long> pids = new LinkedHashSet<>();
        pids.add(child.pid());
        pids.addAll(child.descendants());
        return pids;
    }

    /** The process that serves its clients (for PostgreSQL the postmaster, else the child). */
    default long pid(ChildProcess child) {
        return child.pid();
    }

    /**
     * Processes a previous run of it left behind that its own start takes care of (a postmaster
     * whose JVM was killed), so that their ports do not count as taken by a stranger.
     */
    default Set<Long> leftovers() {
        return Set.of();
    }

    /** SIGKILL, as a crash would: the server itself, not only the process that started it. */
    default void kill(ChildProcess child) {
        child.kill();
    }
}
