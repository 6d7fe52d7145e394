package dev.glint.format;

import java.util.List;
import java.util.Optional;

/**
 * What the inspector concluded once the whole data was seen.
 *
 * @param format         the format the data is (raw when no other matched)
 * @param partitionTable the partition table at the start of raw data or in an ISO's system area
 * @param virtualSize    the virtual size to record for the image, or null when none applies (a
 *                       container other than bare, a tolerated mismatch, a disk_format the inspector
 *                       cannot check)
 * @param size           how many bytes were inspected
 * @param warnings       problems that are logged but do not refuse the data (the non-fatal checks)
 * @param refusal        why the data is refused, or null when it is accepted
 */
public record Inspection(ImageFormat format, PartitionTable partitionTable, Long virtualSize, long size,
        List<String> warnings, Refusal refusal) {

    public Inspection {
        warnings = List.copyOf(warnings);
    }

    public boolean accepted() {
        return refusal == null;
    }

    public Optional<Refusal> refused() {
        return Optional.ofNullable(refusal);
    }
}
