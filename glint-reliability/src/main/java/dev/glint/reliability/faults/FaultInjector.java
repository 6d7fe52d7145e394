package dev.glint.reliability.faults;

import dev.glint.reliability.run.GlintRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries out a {@link FaultPlan} while the workload runs, through {@code ./glint} as an operator
 * would (and {@code kill -KILL} for the crashes the supervisor has to notice itself). Faults of
 * different targets may overlap; the faults of one target wait for each other.
 */
public final class FaultInjector {

    /** What happened to one fault. */
    public record Record(Fault fault, Instant started, Duration took, boolean done, String detail) {
    }

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final int AT_ONCE = 3;

    private final GlintRun glint;
    private final FaultPlan plan;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Map<String, ReentrantLock> targets = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(AT_ONCE, runnable -> {
        Thread thread = new Thread(runnable, "fault");
        thread.setDaemon(true);
        return thread;
    });
    private Thread scheduler;
    /** Set once the run stops waiting for faults: a fault not begun by then is never begun. */
    private volatile boolean stopped;

    public FaultInjector(GlintRun glint, FaultPlan plan) {
        this.glint = glint;
        this.plan = plan;
    }

    public void start(Instant begin) {
        scheduler = new Thread(() -> schedule(begin), "fault-scheduler");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    private void schedule(Instant begin) {
        for (Fault fault : plan.faults()) {
            Duration wait = Duration.between(Instant.now(), begin.plus(fault.at()));
            try {
                if (!wait.isNegative()) {
                    Thread.sleep(wait.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
            executor.submit(() -> inject(fault));
        }
    }

    /**
     * Waits until every planned fault was carried out (outages ended, restarts done). Faults not
     * begun by then are dropped, and the ones under way are waited for: the recovery and the checks
     * that follow must see no new fault (a fault run on a loaded machine killed S3 during the checks).
     */
    public void awaitDone(Duration timeout) throws InterruptedException {
        if (scheduler != null) {
            scheduler.join(timeout.toMillis());
            scheduler.interrupt();
        }
        executor.shutdown();
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stopped = true;
            System.out.println(Instant.now() + " fault: not all faults were carried out within " + timeout
                    + "; the rest are dropped");
            executor.awaitTermination(COMMAND_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
    }

    public List<Record> records() {
        return List.copyOf(records);
    }

    private void inject(Fault fault) {
        ReentrantLock lock = targets.computeIfAbsent(fault.target(), target -> new ReentrantLock());
        lock.lock();
        if (stopped) {
            lock.unlock();
            return;
        }
        Instant started = Instant.now();
        long begin = System.nanoTime();
        try {
            String detail = switch (fault.kind()) {
                case KILL -> fault.viaRestart() ? restart(fault.target()) : crash(fault.target());
                case OUTAGE -> outage(fault.target(), fault.outage());
            };
            records.add(new Record(fault, started, Duration.ofNanos(System.nanoTime() - begin), true, detail));
            System.out.println(Instant.now() + " fault: " + fault.describe() + ": " + detail);
        } catch (RuntimeException e) {
            records.add(new Record(fault, started, Duration.ofNanos(System.nanoTime() - begin), false, e.getMessage()));
            System.out.println(Instant.now() + " fault: " + fault.describe() + " FAILED: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private String restart(String target) {
        GlintRun.Outcome outcome = glint.glint(COMMAND_TIMEOUT, "restart", target, "--kill");
        if (!outcome.ok()) {
            throw new IllegalStateException("./glint restart " + target + " --kill: " + outcome.output().strip());
        }
        return outcome.output().strip();
    }

    /** SIGKILL of the pid the launcher reports, then wait for the supervisor to have it running again. */
    private String crash(String target) {
        GlintRun.UnitStatus before = unit(target).orElseThrow(() -> new IllegalStateException("no " + target));
        if (before.pid() == null) {
            throw new IllegalStateException(target + " is not running (" + before.state() + ")");
        }
        ProcessHandle.of(before.pid()).ifPresent(ProcessHandle::destroyForcibly);
        Instant until = Instant.now().plus(COMMAND_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            Optional<GlintRun.UnitStatus> now = unit(target);
            if (now.isPresent() && now.get().state().equals("running") && now.get().pid() != null
                    && !now.get().pid().equals(before.pid())) {
                return "pid " + before.pid() + " killed, running again as pid " + now.get().pid()
                        + " (restarts " + now.get().restarts() + ")";
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException(target + " was not running again " + COMMAND_TIMEOUT.toMinutes()
                + " minutes after its SIGKILL");
    }

    private String outage(String target, Duration length) {
        GlintRun.Outcome stopped = glint.glint(COMMAND_TIMEOUT, "stop", target);
        if (!stopped.ok()) {
            throw new IllegalStateException("./glint stop " + target + ": " + stopped.output().strip());
        }
        sleep(length);
        GlintRun.Outcome started = glint.glint(COMMAND_TIMEOUT, "start", target);
        if (!started.ok()) {
            throw new IllegalStateException("./glint start " + target + ": " + started.output().strip());
        }
        return "stopped, started again: " + started.output().strip();
    }

    private Optional<GlintRun.UnitStatus> unit(String target) {
        try {
            return glint.status().stream().filter(unit -> unit.name().equals(target)).findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
