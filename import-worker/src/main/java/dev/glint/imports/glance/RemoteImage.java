package dev.glint.imports.glance;

import java.util.Map;
import java.util.UUID;

/**
 * What glance-download read of the remote image before its data: the formats the local image takes
 * (and its data is inspected as), the size the remote reports (-1 when it reports none), and the
 * properties to copy.
 */
public record RemoteImage(UUID id, String diskFormat, String containerFormat, long size,
        Map<String, String> properties) {
}
