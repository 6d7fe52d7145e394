package dev.glint.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./glint status, restart, stop and start over the control socket, against supervised fake services. */
class ControlTest {

    @TempDir
    Path dataDir;

    private final Supervisor supervisor = new Supervisor();
    private final SupervisorLog log = new SupervisorLog(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    private ControlServer control;

    @BeforeEach
    void start() {
        supervisor.addServer(new SupervisedProcess(new FakeUnit("kafka", Probes.freePorts(1)[0], dataDir), log, child -> { }));
        supervisor.addService(new SupervisedProcess(new FakeUnit("image-api", Probes.freePorts(1)[0], dataDir), log,
                child -> { }));
        supervisor.requirePortsFree();
        supervisor.startServers();
        supervisor.startServices();
        supervisor.superviseAll();
        control = ControlServer.start(dataDir, supervisor);
    }

    @AfterEach
    void stop() {
        control.close();
        supervisor.stopAll();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run glint(String... command) {
        return glintIn(dataDir, command);
    }

    private static Run glintIn(Path dataDir, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GlintControl.run(dataDir, List.of(command), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statusListsEachOneRunningAndHealthy() {
        Run status = glint("status");
        assertEquals(0, status.exit(), status.err());
        List<String> lines = status.out().lines().toList();
        assertTrue(lines.get(0).startsWith("NAME"), status.out());
        assertTrue(lines.get(1).matches("kafka +running +yes +\\d+ +\\d+ +0 .*"), lines.get(1));
        assertTrue(lines.get(2).matches("image-api +running +yes +\\d+ +\\d+ +0 .*"), lines.get(2));

        Run json = glint("status", "--json");
        assertTrue(json.out().startsWith("[{\"name\":\"kafka\",\"state\":\"running\",\"healthy\":true,\"pid\":"), json.out());
    }

    @Test
    void restartWithKillReplacesTheProcess() {
        long before = supervisor.find("image-api").orElseThrow().status().pid();
        Run restart = glint("restart", "image-api", "--kill");
        assertEquals(0, restart.exit(), restart.err());
        long after = supervisor.find("image-api").orElseThrow().status().pid();
        assertNotEquals(before, after);
        assertEquals("image-api restarted (pid " + after + ")\n", restart.out());
    }

    @Test
    void stopThenStart() {
        assertEquals("kafka stopped\n", glint("stop", "kafka").out());
        assertTrue(glint("status").out().lines().anyMatch(line -> line.matches("kafka +stopped +no +- .*")));
        Run start = glint("start", "kafka");
        assertEquals(0, start.exit(), start.err());
        assertTrue(start.out().startsWith("kafka started (pid "), start.out());
    }

    @Test
    void mistakesAreExplained() {
        Run unknown = glint("restart", "glance");
        assertEquals(1, unknown.exit());
        assertEquals("glint: no server or service named glance; known: kafka, image-api\n", unknown.err());
        assertEquals(1, glint("start", "kafka", "--kill").exit());
        assertEquals(1, glint("reboot").exit());
    }

    @Test
    void nothingRunningIsExitCodeThree(@TempDir Path elsewhere) {
        Run status = glintIn(elsewhere, "status");
        assertEquals(GlintControl.NOT_RUNNING, status.exit());
        assertTrue(status.err().startsWith("glint: nothing is running"), status.err());
    }
}
