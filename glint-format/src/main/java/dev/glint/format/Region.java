package dev.glint.format;

/**
 * Bytes a probe wants at a given place in the stream. The probe shows a region every chunk that
 * overlaps it; a region must start at or after the place in the stream where it is asked for,
 * since the stream cannot be read back.
 */
interface Region {

    /** The stream position of the next byte this region wants. */
    long next();

    /** Takes the bytes of {@code data[offset, offset + length)}, which sit at {@code position}; true when complete. */
    boolean feed(long position, byte[] data, int offset, int length);

    /** Called once the region has all its bytes. */
    void complete();

    /** Called when the data ended (after {@code size} bytes) before the region was complete. */
    void ended(long size);

    /** Called when the region was asked for a place the stream had already passed. */
    void missed(long position);
}
