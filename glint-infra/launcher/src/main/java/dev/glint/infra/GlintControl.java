package dev.glint.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of {@link ControlServer}, run by {@code ./glint status|restart|stop|start}:
 *
 * <pre>java -cp glint-infra-launcher.jar dev.glint.infra.GlintControl --data-dir DIR COMMAND [ARGS]</pre>
 *
 * <p>Prints the answer; exits 0 when the command succeeded, 1 when it failed, 3 when no
 * {@code ./glint up} runs on that data directory.
 */
public final class GlintControl {

    static final int NOT_RUNNING = 3;

    private GlintControl() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || !args[0].equals("--data-dir")) {
            System.err.println("usage: GlintControl --data-dir DIR status [--json] | restart NAME [--kill]"
                    + " | stop NAME [--kill] | start NAME");
            System.exit(2);
        }
        Path dataDir = Path.of(args[1]).toAbsolutePath().normalize();
        List<String> command = Arrays.asList(args).subList(2, args.length);
        System.exit(run(dataDir, command, System.out, System.err));
    }

    static int run(Path dataDir, List<String> command, PrintStream stdout, PrintStream stderr) {
        Path socket = ControlSocket.of(dataDir);
        if (!Files.exists(socket)) {
            stderr.println("glint: nothing is running (data in " + dataDir + ")");
            return NOT_RUNNING;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Writer out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
            out.write(String.join(" ", command) + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            if (lines.isEmpty()) {
                stderr.println("glint: the launcher closed the control connection without an answer");
                return 1;
            }
            boolean ok = lines.get(lines.size() - 1).equals(ControlSocket.OK);
            for (String line : lines.subList(0, lines.size() - 1)) {
                (ok ? stdout : stderr).println(ok ? line : "glint: " + line);
            }
            return ok ? 0 : 1;
        } catch (IOException e) {
            stderr.println("glint: nothing is running (data in " + dataDir + "): " + e.getMessage());
            return NOT_RUNNING;
        }
    }
}
