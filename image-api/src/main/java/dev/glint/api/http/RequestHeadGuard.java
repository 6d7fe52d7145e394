package dev.glint.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches the first request of a new connection until its head (request line and headers) is in,
 * ahead of the HTTP decoder, for the two things that decoder lets hold a connection forever:
 * <ul>
 * <li>blank lines or other control bytes instead of a request line: the decoder skips them and
 * waits, so {@code \r\n\r\n} got no answer at all. RFC 9112 (2.2) asks a server to ignore at least
 * one empty line before a request line; one is let through, anything more is 400 and the connection
 * is closed;</li>
 * <li>a head that does not arrive: after {@code timeout} from the connection's start it is 408 and
 * closed, as the body of a metadata request is after {@code glint.api.body-timeout}.</li>
 * </ul>
 * It also holds the request line to HTTP/1.0 or HTTP/1.1, spelled as RFC 9112 spells them: the
 * decoder takes any "X/9.9" for a version and answered it as HTTP/1.1 (400 here, a client error,
 * rather than the 505 a server may send).
 * Once the first head is complete the guard leaves the pipeline; it never sees image data.
 */
final class RequestHeadGuard extends ChannelInboundHandlerAdapter {

    /** Bytes of a head it watches at most; past that the decoder's own limits apply. */
    private static final int MAX_WATCHED = 128 * 1024;
    /** glint.api's longest request line (quarkus.http.limits.max-initial-line-length). */
    private static final int MAX_LINE = 8192;

    private final Duration timeout;
    private ScheduledFuture<?> deadline;
    private boolean lineStarted;
    private int emptyLines;
    private int watched;
    /** The last bytes of the head, to find the empty line that ends it. */
    private int tail;
    /** The request line until its end; null once it was checked. */
    private StringBuilder line = new StringBuilder();
    private boolean refused;

    RequestHeadGuard(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> refuse(ctx, 408, "Request Timeout",
                "The request line and headers did not arrive within " + timeout.toSeconds() + " s."),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (refused) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (!(message instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(message);
            return;
        }
        for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
            int b = bytes.getByte(i) & 0xFF;
            if (!lineStarted) {
                if (b == '\n') {
                    if (++emptyLines > 1) {
                        bytes.release();
                        refuse(ctx, 400, "Bad Request", "The request has empty lines where its request line belongs.");
                        return;
                    }
                } else if (b != '\r') {
                    if (b <= ' ' || b == 0x7F) {
                        bytes.release();
                        refuse(ctx, 400, "Bad Request", "The request line starts with a control character or space.");
                        return;
                    }
                    lineStarted = true;
                    line.append((char) b);
                }
                continue;
            }
            if (line != null) {
                if (b == '\n') {
                    String problem = versionProblem(line);
                    line = null;
                    if (problem != null) {
                        bytes.release();
                        refuse(ctx, 400, "Bad Request", problem);
                        return;
                    }
                } else if (line.length() < MAX_LINE) {
                    line.append((char) b);
                } else {
                    // Too long to be a request line: the decoder answers 414.
                    line = null;
                }
            }
            tail = (tail << 8) | b;
            if ((tail & 0xFFFFFFFF) == 0x0D0A0D0A || (tail & 0xFFFF) == 0x0A0A || ++watched > MAX_WATCHED) {
                // The head is complete (or too long to be a head this guard cares about): hand over.
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(bytes);
                return;
            }
        }
        ctx.fireChannelRead(bytes);
    }

    /** Why a request line's version is not HTTP/1.0 or HTTP/1.1, or null when it is. */
    static String versionProblem(CharSequence requestLine) {
        String text = requestLine.toString();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        int space = text.lastIndexOf(' ');
        String version = space < 0 ? "" : text.substring(space + 1);
        if (version.equals("HTTP/1.1") || version.equals("HTTP/1.0")) {
            return null;
        }
        if (version.matches("HTTP/\\d\\.\\d")) {
            return "This server speaks HTTP/1.1 (and 1.0), not " + version + ".";
        }
        return "The request line does not end in an HTTP version.";
    }

    /** Answers without involving the HTTP layer, which has not seen a request, and closes. */
    private void refuse(ChannelHandlerContext ctx, int status, String reason, String message) {
        if (refused || !ctx.channel().isActive()) {
            return;
        }
        refused = true;
        String text = message.replaceAll("[^ -~]", "?").replace("\\", "\\\\").replace("\"", "\\\"");
        byte[] body = ("{\"code\": " + status + ", \"title\": \"" + reason + "\", \"message\": \"" + text + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head, body)).addListener(ChannelFutureListener.CLOSE);
    }
}
