package dev.glint.api.rest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The body of an HTTP request as a blocking {@link InputStream} for a worker thread, fed by the
 * event loop. Up to {@code highWater} bytes are queued before the connection is paused, and it is
 * resumed once the reader has drained the queue below {@code lowWater}.
 *
 * <p>Why not Quarkus REST's own {@code InputStream} body: it hands over one network chunk at a time
 * and pauses the connection for each, so an upload spent most of its time waiting for the next
 * chunk; a deep queue lets the event loop and the reader run at the same time.
 *
 * <p>A client that sent {@code Expect: 100-continue} (curl does for every upload) waits for
 * {@code 100 Continue} before it sends the body, or about a second without one. It is sent when the
 * reader first asks for data, i.e. once the request has passed every check that may refuse it, as
 * Glance's server sends it when the application first reads the body: a refused upload is answered
 * without the client sending its data at all.
 */
final class RequestBodyStream extends InputStream {

    private final HttpServerRequest request;
    private final Context context;
    private final long highWater;
    private final long lowWater;
    private final long idleTimeoutMillis;
    private final Deque<Buffer> queue = new ArrayDeque<>();
    private int headOffset;
    private long queued;
    private boolean paused;
    private boolean ended;
    private boolean discarding;
    private Throwable failure;
    private boolean continueOwed;

    RequestBodyStream(HttpServerRequest request, long highWater, long lowWater, long idleTimeoutMillis) {
        this.request = request;
        this.context = Vertx.currentContext();
        this.highWater = highWater;
        this.lowWater = lowWater;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.continueOwed = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        request.handler(this::received);
        request.endHandler(ignored -> finish(null));
        request.exceptionHandler(this::finish);
        request.resume();
    }

    private synchronized void received(Buffer chunk) {
        if (discarding) {
            return;
        }
        queue.add(chunk);
        queued += chunk.length();
        if (queued >= highWater && !paused) {
            paused = true;
            request.pause();
        }
        notifyAll();
    }

    private synchronized void finish(Throwable error) {
        if (error != null && failure == null) {
            failure = error;
        }
        ended = true;
        notifyAll();
    }

    /**
     * Gives up on whatever the reader did not take (the upload was refused or failed): the rest of
     * the body is read off the connection and dropped, so that the connection is free for the
     * client's next request instead of staying paused.
     */
    synchronized void discardRest() {
        discarding = true;
        queue.clear();
        queued = 0;
        if (paused) {
            paused = false;
            context.runOnContext(ignored -> request.resume());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        awaitData();
        if (queue.isEmpty()) {
            if (failure != null) {
                throw new IOException("The request body could not be read: " + failure.getMessage(), failure);
            }
            return -1;
        }
        int copied = 0;
        while (copied < length && !queue.isEmpty()) {
            Buffer head = queue.peek();
            int n = Math.min(length - copied, head.length() - headOffset);
            head.getBytes(headOffset, headOffset + n, target, offset + copied);
            copied += n;
            headOffset += n;
            if (headOffset == head.length()) {
                queue.poll();
                headOffset = 0;
            }
        }
        queued -= copied;
        if (paused && queued <= lowWater) {
            paused = false;
            context.runOnContext(ignored -> request.resume());
        }
        return copied;
    }

    private void awaitData() throws IOException {
        if (continueOwed) {
            continueOwed = false;
            context.runOnContext(ignored -> request.response().writeContinue());
        }
        long deadline = System.currentTimeMillis() + idleTimeoutMillis;
        while (queue.isEmpty() && !ended) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IOException("No request data received for " + idleTimeoutMillis + " ms");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while reading the request body");
            }
        }
    }
}
