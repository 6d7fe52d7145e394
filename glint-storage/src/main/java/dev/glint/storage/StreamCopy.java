package dev.glint.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import okio.BufferedSink;

/**
 * Copies exactly {@code length} bytes from a stream to a sink through a few rotating buffers, showing
 * each chunk to an observer that may work on it in the background (hashing) while the next chunk is
 * read and written.
 */
final class StreamCopy {

    private static final int CHUNK = 1 << 20;
    private static final int BUFFERS = 4;

    private final InputStream in;
    private final PartObserver observer;
    private final Deque<Slot> slots = new ArrayDeque<>();

    private record Slot(byte[] buffer, CompletableFuture<Void> observed) {
    }

    StreamCopy(InputStream in, PartObserver observer) {
        this.in = in;
        this.observer = observer;
    }

    void copy(BufferedSink sink, long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            byte[] buffer = freeBuffer();
            int n = in.readNBytes(buffer, 0, (int) Math.min(CHUNK, remaining));
            if (n == 0) {
                throw new IOException("The data ended " + remaining + " bytes before its declared length");
            }
            slots.add(new Slot(buffer, observer.observe(buffer, n)));
            sink.write(buffer, 0, n);
            remaining -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("The data is longer than its declared length of " + length + " bytes");
        }
        sink.flush();
        slots.forEach(slot -> slot.observed().join());
    }

    /** A buffer the observer is done with: a new one while fewer than BUFFERS exist, else the oldest. */
    private byte[] freeBuffer() {
        if (slots.size() < BUFFERS) {
            return new byte[CHUNK];
        }
        Slot oldest = slots.poll();
        oldest.observed().join();
        return oldest.buffer();
    }
}
