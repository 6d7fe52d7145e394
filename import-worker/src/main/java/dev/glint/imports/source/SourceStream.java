package dev.glint.imports.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.OptionalLong;

/**
 * An opened web-download: the body as a stream (read it, then close this), its length when the
 * source declared one, and the URI it finally came from after redirects.
 */
public record SourceStream(InputStream body, OptionalLong contentLength, URI finalUri) implements Closeable {

    @Override
    public void close() throws IOException {
        body.close();
    }
}
