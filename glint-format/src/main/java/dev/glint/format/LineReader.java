package dev.glint.format;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A region of text read line by line as it streams past (a VMDK descriptor), holding one line
 * at a time: at most {@link #MAX_LINE} bytes. It stops at a NUL byte (the padding after an
 * embedded descriptor), at a byte that is no text, when the probe calls {@link #stop()}, or after
 * {@code length} bytes; {@code done} then runs with the reason the text ended.
 */
final class LineReader implements Region {

    static final int MAX_LINE = 4096;

    /** Why the text ended. */
    enum End { LENGTH, NUL, DATA_ENDED, STOPPED, LINE_TOO_LONG, NOT_TEXT }

    private final long offset;
    private final long length;
    private final Consumer<String> lines;
    private final Consumer<End> done;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private long consumed;
    private End end;

    LineReader(long offset, long length, Consumer<String> lines, Consumer<End> done) {
        this.offset = offset;
        this.length = length;
        this.lines = lines;
        this.done = done;
    }

    /** Ends the text at once (the probe has seen enough). */
    void stop() {
        if (end == null) {
            end = End.STOPPED;
        }
    }

    @Override
    public long next() {
        return offset + consumed;
    }

    @Override
    public boolean feed(long position, byte[] data, int dataOffset, int dataLength) {
        int from = (int) (next() - position);
        for (int i = dataOffset + from; i < dataOffset + dataLength && end == null; i++) {
            byte b = data[i];
            consumed++;
            if (b == 0) {
                end = End.NUL;
            } else if (b == '\n') {
                emit();
            } else if ((b < 0x20 && b != '\t' && b != '\r') || b == 0x7f || b < 0) {
                end = End.NOT_TEXT;
            } else if (lineLength == MAX_LINE) {
                end = End.LINE_TOO_LONG;
            } else {
                line[lineLength++] = b;
            }
            if (end == null && consumed == length) {
                end = End.LENGTH;
            }
        }
        return end != null;
    }

    private void emit() {
        String text = new String(line, 0, lineLength, StandardCharsets.US_ASCII);
        lineLength = 0;
        lines.accept(text);
    }

    @Override
    public void complete() {
        if ((end == End.NUL || end == End.LENGTH) && lineLength > 0) {
            emit();
        }
        done.accept(end);
    }

    @Override
    public void ended(long size) {
        if (end != null) {
            done.accept(end);
            return;
        }
        if (lineLength > 0) {
            emit();
        }
        done.accept(End.DATA_ENDED);
    }

    @Override
    public void missed(long position) {
        done.accept(End.DATA_ENDED);
    }
}
