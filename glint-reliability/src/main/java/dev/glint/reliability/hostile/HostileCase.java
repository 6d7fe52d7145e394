package dev.glint.reliability.hostile;

/**
 * One malformed or adversarial request and what it must get.
 *
 * @param category the class of input it belongs to (filters, identity headers, framing, ...)
 * @param refused  true: the request is wrong and must get a 4xx, or (for broken framing) a closed
 *                 connection; false: it is odd but valid, and only must not break anything (no 5xx,
 *                 an answer in time)
 */
record HostileCase(String category, String description, byte[] request, boolean refused) {
}
