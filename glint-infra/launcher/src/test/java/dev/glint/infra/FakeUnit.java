package dev.glint.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A {@link Supervised} that runs {@link FakeService} on one port, for the supervisor's tests. */
class FakeUnit implements Supervised {

    private final String name;
    private final int port;
    private final Path logDir;

    FakeUnit(String name, int port, Path logDir) {
        this.name = name;
        this.port = port;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port);
    }

    @Override
    public ChildProcess launch() {
        return ChildProcess.start(name, FakeService.command(port), logDir, logDir.resolve(name + ".log"), Map.of());
    }

    @Override
    public void awaitReady(ChildProcess child) {
        child.awaitReady("HTTP 200 on port " + port, this::healthy, Duration.ofSeconds(120));
    }

    @Override
    public boolean healthy() {
        return Probes.httpStatus("http://127.0.0.1:" + port + "/") == 200;
    }
}
