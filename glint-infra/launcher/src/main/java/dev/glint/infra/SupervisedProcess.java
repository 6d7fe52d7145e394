package dev.glint.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One server or service under supervision: its current process, and a thread of its own that
 * starts it again when it dies (with {@link RestartBackoff}) and carries out the operator's stop,
 * start and restart, one at a time, so that a restart never races with a crash being handled.
 */
final class SupervisedProcess {

    enum State { STARTING, RUNNING, BACKOFF, STOPPED }

    /** A snapshot for {@code ./glint status}. */
    record Status(String name, State state, boolean alive, Long pid, List<Integer> ports, int restarts,
                  Instant since, Integer lastExitCode, String lastProblem) {
    }

    private enum Action { STOP, START, RESTART }

    private record Command(Action action, boolean kill, CompletableFuture<String> reply) {
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int FIRST_START_ATTEMPTS = 5;

    private final Supervised unit;
    private final SupervisorLog log;
    private final Consumer<ChildProcess> onStart;
    private final RestartBackoff backoff = RestartBackoff.standard();
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();

    private volatile ChildProcess child;
    private volatile State state = State.STOPPED;
    private volatile int restarts;
    private volatile Instant since = Instant.now();
    private volatile Integer lastExitCode;
    private volatile String lastProblem;
    private volatile Instant nextStart;
    private volatile boolean shuttingDown;
    private Thread thread;

    SupervisedProcess(Supervised unit, SupervisorLog log, Consumer<ChildProcess> onStart) {
        this.unit = unit;
        this.log = log;
        this.onStart = onStart;
    }

    String name() {
        return unit.name();
    }

    Supervised unit() {
        return unit;
    }

    /** The first start, by {@code ./glint up}: throws unless its ports were free and it is the one answering. */
    ChildProcess launchFirst() {
        requirePortsFree();
        state = State.STARTING;
        child = unit.launch();
        onStart.accept(child);
        return child;
    }

    /**
     * Completes the first start: ready, and listening itself. A process that exits on its way (a
     * service whose first database connection timed out on a busy machine) is started again, as
     * later on, but only a few times: a service that cannot start at all fails {@code ./glint up}.
     */
    void awaitFirstReady() {
        for (int attempt = 1; ; attempt++) {
            try {
                unit.awaitReady(child);
                break;
            } catch (InfrastructureException e) {
                if (child.isAlive() || attempt >= FIRST_START_ATTEMPTS || shuttingDown) {
                    throw e;
                }
                Duration wait = backoff.afterFailedStart();
                restarts++;
                lastExitCode = child.exitValue();
                log.info("%s exited with code %d while starting; starting it again in %d s (attempt %d of %d)",
                        unit.name(), child.exitValue(), wait.toSeconds(), attempt + 1, FIRST_START_ATTEMPTS);
                sleep(wait);
                requirePortsFree();
                child = unit.launch();
                onStart.accept(child);
            }
        }
        requireOwnPorts(child);
        backoff.reset();
        running();
    }

    /** From now on a death is followed by a restart. */
    synchronized void supervise() {
        if (thread == null) {
            thread = new Thread(this::superviseLoop, "glint-supervise-" + unit.name());
            thread.setDaemon(true);
            thread.start();
        }
    }

    CompletableFuture<String> stop(boolean kill) {
        return submit(Action.STOP, kill);
    }

    CompletableFuture<String> start() {
        return submit(Action.START, false);
    }

    CompletableFuture<String> restart(boolean kill) {
        return submit(Action.RESTART, kill);
    }

    /** No more restarts: {@code ./glint down} or Ctrl-C is stopping everything. */
    void shutdown() {
        shuttingDown = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    /** SIGTERM to the process, if any, as part of stopping everything; see {@link #awaitStopped}. */
    void requestStop() {
        ChildProcess current = child;
        if (current != null) {
            current.requestStop();
        }
    }

    void awaitStopped(Duration grace) {
        ChildProcess current = child;
        if (current != null) {
            current.awaitStopped(grace);
        }
    }

    Status status() {
        ChildProcess current = child;
        boolean alive = current != null && current.isAlive();
        return new Status(unit.name(), state, alive, alive ? unit.pid(current) : null, unit.ports(), restarts,
                since, lastExitCode, lastProblem);
    }

    private CompletableFuture<String> submit(Action action, boolean kill) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        if (shuttingDown) {
            reply.completeExceptionally(new IllegalStateException("Glint is stopping"));
        } else {
            commands.add(new Command(action, kill, reply));
        }
        return reply;
    }

    private void superviseLoop() {
        while (!shuttingDown) {
            Command command;
            try {
                command = commands.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (shuttingDown) {
                if (command != null) {
                    command.reply().completeExceptionally(new IllegalStateException("Glint is stopping"));
                }
                return;
            }
            if (command != null) {
                carryOut(command);
            } else if (state == State.RUNNING && !child.isAlive()) {
                exited();
            } else if (state == State.BACKOFF && !Instant.now().isBefore(nextStart)) {
                startAgain();
            }
        }
    }

    private void exited() {
        ChildProcess dead = child;
        int code = dead.exitValue();
        Duration ranFor = Duration.between(dead.startedAt(), Instant.now());
        Duration wait = backoff.afterExit(ranFor);
        restarts++;
        lastExitCode = code;
        lastProblem = "exited with code " + code;
        scheduleStart(wait);
        log.info("%s (pid %d) exited with code %d after %d s; starting it again in %d s (restart %d), see %s",
                unit.name(), dead.pid(), code, ranFor.toSeconds(), wait.toSeconds(), restarts, dead.logFile());
    }

    private void startAgain() {
        try {
            startAndAwait();
            log.info("%s is running again (pid %d)", unit.name(), unit.pid(child));
        } catch (RuntimeException e) {
            Duration wait = backoff.afterFailedStart();
            lastProblem = firstLine(e.getMessage());
            scheduleStart(wait);
            log.info("%s did not start: %s; trying again in %d s", unit.name(), lastProblem, wait.toSeconds());
        }
    }

    private void carryOut(Command command) {
        try {
            switch (command.action()) {
                case STOP -> {
                    stopProcess(command.kill());
                    state = State.STOPPED;
                    since = Instant.now();
                    log.info("%s stopped by the operator%s", unit.name(), command.kill() ? " (SIGKILL)" : "");
                    command.reply().complete(unit.name() + " stopped");
                }
                case START -> {
                    if (state == State.RUNNING && child.isAlive()) {
                        command.reply().complete(unit.name() + " is already running (pid " + unit.pid(child) + ")");
                        return;
                    }
                    backoff.reset();
                    startAndAwait();
                    log.info("%s started by the operator (pid %d)", unit.name(), unit.pid(child));
                    command.reply().complete(unit.name() + " started (pid " + unit.pid(child) + ")");
                }
                case RESTART -> {
                    long before = child != null && child.isAlive() ? unit.pid(child) : -1;
                    stopProcess(command.kill());
                    backoff.reset();
                    startAndAwait();
                    log.info("%s restarted by the operator%s (pid %d, was %d)", unit.name(),
                            command.kill() ? " after SIGKILL" : "", unit.pid(child), before);
                    command.reply().complete(unit.name() + " restarted (pid " + unit.pid(child) + ")");
                }
                default -> throw new IllegalStateException(command.action().toString());
            }
        } catch (RuntimeException e) {
            lastProblem = firstLine(e.getMessage());
            if (state != State.STOPPED && state != State.RUNNING) {
                // A failed operator start falls back to supervision: it is tried again as after a crash.
                scheduleStart(backoff.afterFailedStart());
            }
            command.reply().completeExceptionally(e);
        }
    }

    /** SIGTERM (or SIGKILL) and wait until every process of it is gone, so that a new start finds its ports free. */
    private void stopProcess(boolean kill) {
        ChildProcess current = child;
        if (current == null || !current.isAlive()) {
            return;
        }
        // Not a crash: the loop must not count it or start it again behind the operator's back.
        state = State.STOPPED;
        Set<Long> processes = unit.processes(current);
        if (kill) {
            unit.kill(current);
        } else {
            current.requestStop();
        }
        if (!current.awaitExit(STOP_GRACE)) {
            unit.kill(current);
            current.awaitExit(Duration.ofSeconds(10));
        }
        awaitGone(processes, STOP_GRACE);
        lastExitCode = current.isAlive() ? null : current.exitValue();
    }

    private void startAndAwait() {
        state = State.STARTING;
        requirePortsFree();
        ChildProcess started = unit.launch();
        child = started;
        onStart.accept(started);
        try {
            unit.awaitStarted(started);
            requireOwnPorts(started);
        } catch (RuntimeException e) {
            if (started.isAlive()) {
                unit.kill(started);
                started.awaitExit(Duration.ofSeconds(10));
            }
            throw e;
        }
        running();
    }

    private void running() {
        state = State.RUNNING;
        since = Instant.now();
        lastProblem = null;
    }

    private void scheduleStart(Duration wait) {
        nextStart = Instant.now().plus(wait);
        state = State.BACKOFF;
        since = Instant.now();
    }

    /** Throws, naming who holds it, unless every port of it is free. */
    void requirePortsFree() {
        Set<Long> leftovers = unit.leftovers();
        for (int port : unit.ports()) {
            if (!Probes.portFree(port)) {
                Set<Long> listeners = PortOwners.listeners(port);
                if (!listeners.isEmpty() && leftovers.containsAll(listeners)) {
                    continue;
                }
                List<String> users = new ArrayList<>();
                listeners.forEach(pid -> users.add(PortOwners.describe(pid)));
                throw new InfrastructureException("port " + port + " (" + unit.name() + ") is already in use"
                        + (users.isEmpty() ? "" : " by " + String.join(", ", users))
                        + "; stop that, or run Glint on other ports with --port-offset N (GLINT_PORT_OFFSET)");
            }
        }
    }

    /** The ports answer, but from whom: a stray process that kept the port would answer every probe as well. */
    private void requireOwnPorts(ChildProcess started) {
        if (!PortOwners.supported()) {
            return;
        }
        if (!started.isAlive()) {
            throw new InfrastructureException(unit.name() + " (pid " + started.pid() + ") exited with code "
                    + started.exitValue() + ", yet its port is answered" + answeredBy(unit.ports()) + "; see "
                    + started.logFile());
        }
        Set<Long> own = unit.processes(started);
        for (int port : unit.ports()) {
            if (PortOwners.listenersAmong(port, own).isEmpty()) {
                throw new InfrastructureException("port " + port + " is not served by the " + unit.name()
                        + " just started (pid " + started.pid() + ") but" + answeredBy(List.of(port)) + "; see "
                        + started.logFile());
            }
        }
    }

    /** " by pid 123 (...)" for whoever listens on the ports, or " by another process" when /proc does not tell. */
    private static String answeredBy(List<Integer> ports) {
        List<String> listeners = new ArrayList<>();
        ports.forEach(port -> PortOwners.listeners(port).forEach(pid -> listeners.add(PortOwners.describe(pid))));
        return listeners.isEmpty() ? " by another process" : " by " + String.join(", ", listeners);
    }

    private static void awaitGone(Set<Long> pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                while (process.isAlive() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while starting", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
