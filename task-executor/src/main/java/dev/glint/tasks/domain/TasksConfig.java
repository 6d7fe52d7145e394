package dev.glint.tasks.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the task-executor runs tasks ({@code glint.tasks.*}). */
@ConfigMapping(prefix = "glint.tasks")
public interface TasksConfig {

    /** Glance's task_time_to_live: a finished task is purged this long after it finished. */
    @WithDefault("PT48H")
    Duration timeToLive();

    /** How often finished tasks past their time-to-live are purged. */
    @WithDefault("10m")
    String purgeInterval();

    /**
     * A processing task whose worker has not reported progress for this long is taken to have
     * lost its worker: handed out again, or failed after the last attempt.
     */
    @WithDefault("PT5M")
    Duration stallTimeout();

    /** How many times a task is handed to a worker before it fails. */
    @WithDefault("2")
    int maxAttempts();

    /** How often pending and stalled tasks are looked for (events normally make this unnecessary). */
    @WithDefault("15s")
    String sweepInterval();

    /** A pending task is claimed by the sweep only once it is this old, so the event path goes first. */
    @WithDefault("PT5S")
    Duration pendingGrace();
}
