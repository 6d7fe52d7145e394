package dev.glint.format;

/** The partition table found at the start of raw data (or in an ISO's system area), if any. */
public enum PartitionTable {
    NONE,
    /** A PC (MBR) partition table. */
    MBR,
    /** A GUID partition table behind its protective MBR. */
    GPT
}
