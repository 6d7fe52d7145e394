package dev.glint.imports.source;

import java.io.InputStream;

/** The data an import reads: a stream the caller closes, and its length (-1 when not known). */
public record OpenedSource(InputStream data, long length, String description) {
}
