package dev.glint.format;

/**
 * Why image data is refused, and a message for the user that names the reason (and the setting
 * that decides it, where one does).
 */
public record Refusal(Reason reason, String message) {

    /** The kinds of refusal, for callers (and metrics) that need to tell them apart. */
    public enum Reason {
        /** The data's format is not the image's {@code disk_format}. */
        FORMAT_MISMATCH,
        /** The image names a backing file or parent disk. */
        BACKING_FILE,
        /** A qcow2 image keeps its data in an external file. */
        DATA_FILE,
        /** The image uses incompatible features (or required regions, items) the inspector does not know. */
        UNKNOWN_FEATURES,
        /** The data ends inside a structure its header describes. */
        TRUNCATED,
        /** The header contradicts itself or the data: tables past the end, absurd sizes, bad fields. */
        INCONSISTENT,
        /** A VMDK whose create type is not allowed. */
        VMDK_CREATE_TYPE,
        /** A VMDK whose descriptor names its data in other files. */
        VMDK_EXTENT,
        /** The data is valid as two formats at once. */
        POLYGLOT,
        /** The MBR or GPT of raw data is invalid (and that check is fatal). */
        PARTITION_TABLE,
        /** The virtual size is above the configured cap. */
        VIRTUAL_SIZE_CAP,
        /** A format that is recognised but never accepted. */
        UNSUPPORTED_FORMAT
    }
}
