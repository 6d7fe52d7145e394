package dev.glint.scrubber;

import dev.glint.storage.ObjectStore;
import dev.glint.storage.StorageConfig;
import dev.glint.storage.StorageException;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real object store, with two things tests need around it: a store outage for chosen objects
 * (the next N removes of a key fail as an unreachable store would, before reaching it) and a count of
 * the removes that did reach the store, per key. Every other call, and every remove that is let
 * through, goes to the real S3 server.
 */
@Alternative
@Priority(1)
// Singleton: the real store has no no-args constructor, so a client proxy of a subclass cannot be made.
@Singleton
public class FaultInjectingObjectStore extends ObjectStore {

    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> removes = new ConcurrentHashMap<>();

    public FaultInjectingObjectStore(StorageConfig config) {
        super(config);
    }

    /** The next {@code times} removes of {@code key} fail. */
    public void failRemoves(String key, int times) {
        failuresLeft.put(key, new AtomicInteger(times));
    }

    /** How many removes of {@code key} reached the store. */
    public int removesOf(String key) {
        AtomicInteger count = removes.get(key);
        return count == null ? 0 : count.get();
    }

    @Override
    public void remove(String bucket, String key) {
        AtomicInteger left = failuresLeft.get(key);
        if (left != null && left.getAndDecrement() > 0) {
            throw new StorageException("Object store could not remove " + key + ": injected outage", null);
        }
        removes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        super.remove(bucket, key);
    }
}
