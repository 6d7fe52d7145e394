package dev.glint.storage;

/** Size and Glance hashes of a stream of image data. */
public record ImageDigests(long size, String checksum, String hashAlgorithm, String hashValue) {
}
