package dev.glint.imports.glance;

import dev.glint.persistence.ImportCredentials;

/** A glance-download under way: the credentials it reads the remote image with, and what it read of it. */
public record GlanceDownload(ImportCredentials.Credential credential, RemoteImage image) {
}
