package dev.glint.storage;

import java.util.concurrent.CompletableFuture;

/** Sees each part of a streamed upload, in order, while the part is being sent. */
@FunctionalInterface
public interface PartObserver {

    PartObserver NONE = (data, length) -> CompletableFuture.completedFuture(null);

    /**
     * Looks at {@code data[0, length)}; the buffer is not reused before the returned future
     * completes, so the work may go on in the background.
     */
    CompletableFuture<Void> observe(byte[] data, int length);
}
