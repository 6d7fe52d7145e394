package dev.glint.api.cache;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The cache's copy of a download, written to its file by a thread of its own, so that the download
 * goes at the store's and the client's speed, not the cache disk's. At most {@code limit} bytes wait
 * for the disk; a copy that falls further behind is given up (the disk is slower than the
 * download) and the image handed to {@code gaveUp}, which queues it to be cached from the store in
 * the background. The outcome reaches {@code complete} (every byte written) or {@code incomplete}
 * once, after the last byte was written or the copy was given up.
 */
final class BackgroundCopy {

    private static final Logger LOG = Logger.getLogger(BackgroundCopy.class);

    /** What happens to the copy when it ends. */
    record Outcomes(java.util.function.Consumer<ImageCache.Fill> complete,
            java.util.function.Consumer<ImageCache.Fill> incomplete,
            java.util.function.Consumer<java.util.UUID> gaveUp) {
    }

    private final ImageCache.Fill fill;
    private final long limit;
    private final Executor writer;
    private final Outcomes outcomes;
    private final Deque<byte[]> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private long written;
    private boolean writing;
    private boolean ended;
    private boolean readAll;
    private boolean failed;
    private boolean behind;
    private boolean finished;

    BackgroundCopy(ImageCache.Fill fill, long limit, Executor writer, Outcomes outcomes) {
        this.fill = fill;
        this.limit = limit;
        this.writer = writer;
        this.outcomes = outcomes;
    }

    /** Hands {@code data[offset, offset + length)} to the writer; false once the copy is given up. */
    synchronized boolean offer(byte[] data, int offset, int length) {
        if (failed || ended) {
            return false;
        }
        if (waitingBytes + length > limit) {
            LOG.infof("Image cache: the cache's disk fell %d bytes behind the download of image %s; the copy is given"
                    + " up and the image queued to be cached from the store", waitingBytes, fill.imageId());
            behind = true;
            fail();
            return false;
        }
        waiting.add(Arrays.copyOfRange(data, offset, offset + length));
        waitingBytes += length;
        startWriting();
        return true;
    }

    /** The download ended: {@code readAll} when the reader read every byte of the image. */
    synchronized void end(boolean readAll) {
        if (ended) {
            return;
        }
        ended = true;
        this.readAll = readAll;
        startWriting();
    }

    private void fail() {
        failed = true;
        waiting.clear();
        waitingBytes = 0;
        startWriting();
    }

    private void startWriting() {
        if (writing || finished) {
            return;
        }
        writing = true;
        try {
            writer.execute(this::write);
        } catch (RejectedExecutionException e) {
            writing = false;
            failed = true;
            finished = true;
            close();
            outcomes.incomplete().accept(fill);
        }
    }

    /** Writes what waits; finishes the copy once it ended or failed. */
    private void write() {
        while (true) {
            byte[] chunk;
            synchronized (this) {
                chunk = failed ? null : waiting.poll();
                if (chunk == null) {
                    if (!ended && !failed) {
                        writing = false;
                        return;
                    }
                    if (finished) {
                        writing = false;
                        return;
                    }
                    finished = true;
                    writing = false;
                } else {
                    waitingBytes -= chunk.length;
                }
            }
            if (chunk == null) {
                finish();
                return;
            }
            try {
                fill.out().write(chunk);
                written += chunk.length;
            } catch (IOException e) {
                LOG.warnf("Image cache: giving up caching image %s: %s", fill.imageId(), e.getMessage());
                synchronized (this) {
                    fail();
                }
            }
        }
    }

    private void finish() {
        boolean whole;
        synchronized (this) {
            whole = !failed && readAll && written == fill.expectedSize();
        }
        whole &= close();
        (whole ? outcomes.complete() : outcomes.incomplete()).accept(fill);
        if (behind) {
            outcomes.gaveUp().accept(fill.imageId());
        }
    }

    private boolean close() {
        try {
            fill.out().close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
