package dev.glint.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out {@code ./glint status | restart NAME [--kill] | stop NAME [--kill] | start NAME} for a
 * running {@code ./glint up} ({@link ControlSocket} has the protocol). Each connection is served on a
 * thread of its own: a restart waits until the process serves again, which may take a while.
 */
final class ControlServer implements AutoCloseable {

    /** Longer than a start may take (two minutes) plus a stop's grace. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    private final Path socket;
    private final Supervisor supervisor;
    private final ServerSocketChannel channel;
    private volatile boolean closed;

    private ControlServer(Path socket, Supervisor supervisor, ServerSocketChannel channel) {
        this.socket = socket;
        this.supervisor = supervisor;
        this.channel = channel;
    }

    static ControlServer start(Path dataDir, Supervisor supervisor) {
        Path socket = ControlSocket.of(dataDir);
        try {
            // The launcher holds the data directory's pid file, so a socket left here is stale.
            Files.deleteIfExists(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            ControlServer server = new ControlServer(socket, supervisor, channel);
            Thread acceptor = new Thread(server::acceptLoop, "glint-control");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new InfrastructureException("cannot listen on the control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel connection = channel.accept();
                Thread handler = new Thread(() -> serve(connection), "glint-control-command");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("glint: control socket: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                     StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(Channels.newOutputStream(connection), StandardCharsets.UTF_8)) {
            String line = in.readLine();
            List<String> words = line == null ? List.of() : Arrays.asList(line.trim().split("\\s+"));
            Reply reply;
            try {
                reply = carryOut(words);
            } catch (RuntimeException e) {
                reply = Reply.error(e.getMessage());
            }
            for (String text : reply.lines()) {
                out.write(text + "\n");
            }
            out.write((reply.ok() ? ControlSocket.OK : ControlSocket.ERROR) + "\n");
            out.flush();
        } catch (IOException e) {
            // The client went away; there is nobody to tell.
        }
    }

    private record Reply(boolean ok, List<String> lines) {
        static Reply ok(List<String> lines) {
            return new Reply(true, lines);
        }

        static Reply error(String message) {
            return new Reply(false, List.of(message == null ? "failed" : message));
        }
    }

    private Reply carryOut(List<String> words) {
        if (words.isEmpty() || words.get(0).isEmpty()) {
            return Reply.error("no command");
        }
        String command = words.get(0);
        List<String> arguments = words.subList(1, words.size());
        if (command.equals("status")) {
            return arguments.equals(List.of("--json")) ? Reply.ok(List.of(supervisor.statusJson()))
                    : arguments.isEmpty() ? Reply.ok(supervisor.statusTable())
                    : Reply.error("usage: status [--json]");
        }
        if (!List.of("restart", "stop", "start").contains(command)) {
            return Reply.error("unknown command " + command + "; known: status, restart, stop, start");
        }
        boolean kill = arguments.contains("--kill");
        List<String> names = arguments.stream().filter(argument -> !argument.equals("--kill")).toList();
        if (names.size() != 1 || (kill && command.equals("start"))) {
            return Reply.error("usage: " + command + " NAME" + (command.equals("start") ? "" : " [--kill]"));
        }
        Optional<SupervisedProcess> target = supervisor.find(names.get(0));
        if (target.isEmpty()) {
            return Reply.error("no server or service named " + names.get(0) + "; known: "
                    + String.join(", ", supervisor.names()));
        }
        CompletableFuture<String> outcome = switch (command) {
            case "restart" -> target.get().restart(kill);
            case "stop" -> target.get().stop(kill);
            default -> target.get().start();
        };
        try {
            return Reply.ok(List.of(outcome.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
        } catch (ExecutionException e) {
            return Reply.error(e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Reply.error(command + " " + names.get(0) + " did not finish within " + COMMAND_TIMEOUT.toMinutes()
                    + " minutes; see ./glint status");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error("interrupted");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // The socket file is deleted on the next start anyway.
        }
    }
}
