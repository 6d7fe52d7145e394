package dev.glint.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real child processes ({@link FakeService}): a dead process is started again
 * and counted, an operator's stop is left alone, and a start fails clearly when the port is taken
 * before it, or turns out to be served by another process.
 */
class SupervisedProcessTest {

    @TempDir
    Path logs;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final SupervisorLog log = new SupervisorLog(new PrintStream(output, true, StandardCharsets.UTF_8));
    private final List<SupervisedProcess> started = new ArrayList<>();
    private final List<ChildProcess> strangers = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(process -> {
            process.shutdown();
            process.requestStop();
            process.awaitStopped(Duration.ofSeconds(10));
        });
        strangers.forEach(stranger -> stranger.stop(Duration.ofSeconds(10)));
    }

    private SupervisedProcess supervised(Supervised unit) {
        SupervisedProcess process = new SupervisedProcess(unit, log, child -> { });
        started.add(process);
        return process;
    }

    private SupervisedProcess running(String name) {
        SupervisedProcess process = supervised(new FakeUnit(name, Probes.freePorts(1)[0], logs));
        process.launchFirst();
        process.awaitFirstReady();
        process.supervise();
        return process;
    }

    @Test
    void aKilledProcessIsStartedAgainAndCounted() {
        SupervisedProcess process = running("worker");
        long first = process.status().pid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await("running again under a new pid", () -> process.status().state() == SupervisedProcess.State.RUNNING
                && process.status().pid() != null && process.status().pid() != first && process.unit().healthy());
        assertEquals(1, process.status().restarts());
        assertEquals(137, process.status().lastExitCode());
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("worker (pid " + first + ") exited with code 137"),
                output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOperatorsStopIsLeftAloneUntilStart() throws Exception {
        SupervisedProcess process = running("server");

        assertEquals("server stopped", process.stop(true).get(60, TimeUnit.SECONDS));
        Thread.sleep(3000);
        assertEquals(SupervisedProcess.State.STOPPED, process.status().state());
        assertFalse(process.status().alive());
        assertEquals(0, process.status().restarts());

        process.start().get(120, TimeUnit.SECONDS);
        assertEquals(SupervisedProcess.State.RUNNING, process.status().state());
        assertTrue(process.unit().healthy());
    }

    @Test
    void aRestartReplacesTheProcess() throws Exception {
        SupervisedProcess process = running("service");
        long first = process.status().pid();

        String reply = process.restart(true).get(120, TimeUnit.SECONDS);

        long second = process.status().pid();
        assertNotEquals(first, second);
        assertEquals("service restarted (pid " + second + ")", reply);
        assertFalse(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aPortInUseFailsTheStartNamingWhoHoldsIt() {
        int port = Probes.freePorts(1)[0];
        ChildProcess stranger = stranger(port);
        SupervisedProcess process = supervised(new FakeUnit("image-api", port, logs));

        InfrastructureException e = assertThrows(InfrastructureException.class, process::launchFirst);

        assertTrue(e.getMessage().startsWith("port " + port + " (image-api) is already in use by pid " + stranger.pid()),
                e.getMessage());
        assertTrue(e.getMessage().contains("--port-offset"), e.getMessage());
    }

    @Test
    void aPortAnsweredByAnotherProcessIsNoSuccessfulStart() {
        int port = Probes.freePorts(1)[0];
        List<ChildProcess> stray = new ArrayList<>();
        // The stranger takes the port after the check and before our process binds it, as a
        // leftover of an earlier run can: ours exits, the probes still get answers.
        Supervised racing = new FakeUnit("upload-worker", port, logs) {
            @Override
            public ChildProcess launch() {
                stray.add(stranger(port));
                return super.launch();
            }
        };
        SupervisedProcess process = supervised(racing);
        process.launchFirst();

        InfrastructureException e = assertThrows(InfrastructureException.class, process::awaitFirstReady);

        assertTrue(e.getMessage().contains("upload-worker"), e.getMessage());
        assertTrue(e.getMessage().contains("pid " + stray.get(0).pid()), e.getMessage());
    }

    private ChildProcess stranger(int port) {
        ChildProcess stranger = ChildProcess.start("stranger", FakeService.command(port), logs,
                logs.resolve("stranger.log"), java.util.Map.of());
        strangers.add(stranger);
        stranger.awaitReady("HTTP 200", () -> Probes.httpStatus("http://127.0.0.1:" + port + "/") == 200,
                Duration.ofSeconds(120));
        return stranger;
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not " + what + " within 3 minutes");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
