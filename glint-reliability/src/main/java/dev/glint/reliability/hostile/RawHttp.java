package dev.glint.reliability.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends bytes exactly as given (a client library would fix most of what these requests get wrong)
 * and reads what comes back: the status of the answer, a closed connection, or nothing at all.
 */
final class RawHttp {

    /** What a request got: {@code status} > 0, or -1 with {@code closed} (connection ended) or not (no answer). */
    record Answer(int status, boolean closed, Duration took) {

        boolean hung() {
            return status < 0 && !closed;
        }

        String describe() {
            return status > 0 ? "HTTP " + status : closed ? "connection closed" : "no answer";
        }
    }

    private final String host;
    private final int port;
    private final Duration timeout;

    RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    Answer send(byte[] request) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may refuse before it read everything; what it answered still counts.
            }
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            try {
                while (read < head.length) {
                    int n = in.read(head, read, head.length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
            } catch (SocketTimeoutException e) {
                return new Answer(-1, false, since(started));
            } catch (IOException e) {
                return new Answer(-1, true, since(started));
            }
            String status = new String(head, 0, read, StandardCharsets.ISO_8859_1);
            if (read >= 12 && status.startsWith("HTTP/")) {
                try {
                    return new Answer(Integer.parseInt(status.substring(9, 12)), false, since(started));
                } catch (NumberFormatException e) {
                    return new Answer(-1, true, since(started));
                }
            }
            return new Answer(-1, true, since(started));
        } catch (IOException e) {
            return new Answer(-1, true, since(started));
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
