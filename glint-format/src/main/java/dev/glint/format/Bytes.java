package dev.glint.format;

import java.nio.charset.StandardCharsets;

/** Reads the little- and big-endian fields of captured headers. */
final class Bytes {

    private Bytes() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static int u16be(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static long u32le(byte[] b, int at) {
        return (u16le(b, at) | (long) u16le(b, at + 2) << 16) & 0xffffffffL;
    }

    static long u32be(byte[] b, int at) {
        return ((long) u16be(b, at) << 16 | u16be(b, at + 2)) & 0xffffffffL;
    }

    /** The 64 bits as a Java long: a value of 2^63 or more comes out negative. */
    static long u64le(byte[] b, int at) {
        return u32le(b, at) | u32le(b, at + 4) << 32;
    }

    static long u64be(byte[] b, int at) {
        return u32be(b, at) << 32 | u32be(b, at + 4);
    }

    static boolean at(byte[] b, int offset, byte[] expected) {
        if (b.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean at(byte[] b, int offset, String ascii) {
        return at(b, offset, ascii(ascii));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An unsigned 64-bit value in decimal, for messages. */
    static String unsigned(long v) {
        return Long.toUnsignedString(v);
    }

    /** Text taken from the data, made safe to put in a message: printable ASCII, at most 120 characters. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (out.length() >= 120) {
                return out.append("...").toString();
            }
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** NUL-terminated (or full-length) ASCII text of a captured field, made printable. */
    static String text(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return printable(new String(b, 0, end, StandardCharsets.ISO_8859_1));
    }
}
