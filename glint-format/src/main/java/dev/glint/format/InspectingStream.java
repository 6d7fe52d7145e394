package dev.glint.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Shows every byte read through it to a {@link FormatInspector}, and fails the read (with
 * {@link FormatRefusedException}) as soon as the inspector refuses the data, so an upload stops
 * at the first bytes that condemn it. The bytes handed on are the bytes inspected: whoever hashes
 * or stores what it reads from this stream hashes and stores exactly what was inspected.
 * {@link FormatInspector#finish()} is the caller's, once the stream has ended.
 */
public final class InspectingStream extends FilterInputStream {

    private final FormatInspector inspector;

    public InspectingStream(InputStream in, FormatInspector inspector) {
        super(in);
        this.inspector = inspector;
    }

    public FormatInspector inspector() {
        return inspector;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        refuseIfKnown();
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            inspector.update(buffer, offset, n);
            refuseIfKnown();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - Math.max(0, left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void refuseIfKnown() throws FormatRefusedException {
        var refusal = inspector.refusal();
        if (refusal.isPresent()) {
            throw new FormatRefusedException(refusal.get());
        }
    }
}
