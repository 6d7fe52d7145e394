package dev.glint.format;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Recognises one format in a stream and checks it, from the regions of the data its
 * specification describes. A probe sees every chunk of the stream once, in order, and keeps only
 * the regions it asked for; it asks for the next region (a table, a descriptor) when the one that
 * points to it is complete, always further on in the stream.
 *
 * <p>A probe is {@code UNDECIDED} until it can tell whether the data is its format, then
 * {@code MATCH} or {@code NO_MATCH}; a matching probe records what is wrong with the data as
 * {@link Violation}s as soon as it sees it, so the inspector can refuse before the data ends.
 */
abstract class Probe {

    enum State { UNDECIDED, MATCH, NO_MATCH }

    private final List<Region> regions = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private State state = State.UNDECIDED;
    private Long virtualSize;
    private long position;

    /** The format this probe recognises (it may depend on what the header says, e.g. qcow version 1). */
    abstract ImageFormat format();

    /**
     * Whether the format's own structures occupy the start of the data, so that a partition
     * table found there is a second format (a polyglot). ISO 9660 leaves its first 32 KiB to the
     * system, and a fixed VHD's data (a raw disk) starts at byte 0.
     */
    boolean occupiesStart() {
        return true;
    }

    /** Called once the data has ended, after every region was completed or ended; {@code tail} holds its last bytes. */
    void atEnd(long size, Tail tail) {
    }

    final State state() {
        return state;
    }

    /** Waiting for no region: nothing more happens in this probe before the end of the data. */
    final boolean idle() {
        return regions.isEmpty();
    }

    final boolean matched() {
        return state == State.MATCH;
    }

    final List<Violation> violations() {
        return violations;
    }

    final Long virtualSize() {
        return virtualSize;
    }

    final void accept(long chunkPosition, byte[] data, int offset, int length) {
        position = chunkPosition;
        boolean progressed = true;
        while (progressed && !regions.isEmpty() && state != State.NO_MATCH) {
            progressed = false;
            for (int i = 0; i < regions.size() && state != State.NO_MATCH; i++) {
                Region region = regions.get(i);
                long next = region.next();
                if (next < chunkPosition) {
                    regions.remove(i--);
                    region.missed(chunkPosition);
                    progressed = true;
                } else if (next < chunkPosition + length && region.feed(chunkPosition, data, offset, length)) {
                    regions.remove(i--);
                    region.complete();
                    progressed = true;
                }
            }
        }
        if (state == State.NO_MATCH) {
            regions.clear();
        }
    }

    final void finish(long size, Tail tail) {
        position = size;
        while (!regions.isEmpty() && state != State.NO_MATCH) {
            regions.remove(0).ended(size);
        }
        regions.clear();
        if (state != State.NO_MATCH) {
            atEnd(size, tail);
        }
        if (state == State.UNDECIDED) {
            state = State.NO_MATCH;
        }
    }

    // What subclasses use.

    final void match() {
        if (state == State.UNDECIDED) {
            state = State.MATCH;
        }
    }

    final void noMatch() {
        if (state == State.UNDECIDED) {
            state = State.NO_MATCH;
        }
    }

    final void virtualSize(long bytes) {
        virtualSize = bytes;
    }

    /** Asks for {@code length} bytes at {@code offset}; {@code then} gets them (shortened, at least {@code minimum}, if the data ends first). */
    final void capture(long offset, int length, int minimum, String what, Consumer<byte[]> then) {
        regions.add(new Capture(offset, length, minimum, what, then, this::lost));
    }

    /** As above, with {@code otherwise} run instead of the usual verdict when the bytes never come. */
    final void capture(long offset, int length, String what, Consumer<byte[]> then, Runnable otherwise) {
        regions.add(new Capture(offset, length, length, what, then, capture -> otherwise.run()));
    }

    final void read(Region region) {
        regions.add(region);
    }

    final void violation(Refusal.Reason reason, String message) {
        violations.add(new Violation(format().diskFormat(), reason, message));
    }

    final void violation(String check, Refusal.Reason reason, String message) {
        violations.add(new Violation(check, reason, message));
    }

    /** The data ended inside {@code what}. */
    final void truncated(String what, long offset, long end, long size) {
        violation(Refusal.Reason.TRUNCATED, "The image data is " + format().description() + " that is truncated: its "
                + what + " (bytes " + offset + " to " + (end - 1) + ") goes past the end of the data (" + size + " bytes)");
    }

    /** A structure that lies past the end of the data. */
    final void pastEnd(String what, long offset, long end, long size) {
        violation(Refusal.Reason.INCONSISTENT, "The image data is " + format().description()
                + " whose " + what + " (bytes " + offset + " to " + (end - 1) + ") lies past the end of the data ("
                + size + " bytes)");
    }

    final void inconsistent(String message) {
        violation(Refusal.Reason.INCONSISTENT, "The image data is " + format().description()
                + " with an inconsistent header: " + message);
    }

    /** Where the stream is: the start of the chunk being read, or the size once the data ended. */
    final long position() {
        return position;
    }

    /** The default for a capture whose bytes never came: the data was cut short, or the header points back. */
    private void lost(Capture capture) {
        if (state != State.MATCH) {
            return;
        }
        if (capture.missed()) {
            inconsistent("its " + capture.what + " at offset " + capture.offset
                    + " lies before the structure that points to it");
        } else {
            truncated(capture.what, capture.offset, capture.offset + capture.length, position);
        }
    }
}
