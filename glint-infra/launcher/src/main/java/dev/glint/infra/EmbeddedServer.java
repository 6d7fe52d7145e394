package dev.glint.infra;

import java.time.Duration;

/** One server that runs in a child JVM. */
interface EmbeddedServer {

    /** Generous because the first PostgreSQL start extracts its binaries, and CI machines are slow. */
    Duration START_TIMEOUT = Duration.ofSeconds(120);

    String name();

    /** Writes the server's configuration and starts its child JVM, without waiting. */
    ChildProcess launch();

    /** Blocks until the server accepts clients; throws with the log tail when it does not. */
    void awaitReady(ChildProcess child);
}
