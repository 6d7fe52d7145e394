package dev.glint.format;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A region of the stream copied into a buffer (allocated when its first byte arrives, so a probe
 * that never matches costs nothing). When the data ends early, a capture that holds at least
 * {@code minimum} bytes is delivered shortened; a shorter one goes to {@code otherwise}.
 */
final class Capture implements Region {

    final long offset;
    final int length;
    final String what;
    private final int minimum;
    private final Consumer<byte[]> then;
    private final Consumer<Capture> otherwise;
    private byte[] buffer;
    private int filled;
    private boolean missed;

    Capture(long offset, int length, int minimum, String what, Consumer<byte[]> then, Consumer<Capture> otherwise) {
        this.offset = offset;
        this.length = length;
        this.minimum = minimum;
        this.what = what;
        this.then = then;
        this.otherwise = otherwise;
    }

    @Override
    public long next() {
        return offset + filled;
    }

    @Override
    public boolean feed(long position, byte[] data, int dataOffset, int dataLength) {
        if (buffer == null) {
            buffer = new byte[length];
        }
        int from = (int) (next() - position);
        int n = (int) Math.min(length - filled, dataLength - from);
        System.arraycopy(data, dataOffset + from, buffer, filled, n);
        filled += n;
        return filled == length;
    }

    @Override
    public void complete() {
        then.accept(buffer == null ? new byte[0] : buffer);
    }

    @Override
    public void ended(long size) {
        if (filled >= minimum && minimum < length) {
            then.accept(buffer == null ? new byte[0] : Arrays.copyOf(buffer, filled));
        } else {
            otherwise.accept(this);
        }
    }

    @Override
    public void missed(long position) {
        missed = true;
        otherwise.accept(this);
    }

    /** Whether the capture was asked for a place the stream had passed (rather than cut short by the end). */
    boolean missed() {
        return missed;
    }
}
