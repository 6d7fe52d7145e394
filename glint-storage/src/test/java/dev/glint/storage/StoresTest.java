package dev.glint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store list an operator writes: {@code id=bucket} or {@code id=bucket@endpoint}. */
class StoresTest {

    private static Stores stores(List<String> entries, String defaultStore) {
        StorageConfig config = TestStorageConfig.of("http://127.0.0.1:9391", "glint", "glint-secret-key", "glint-images")
                .withStores(Optional.ofNullable(entries), defaultStore);
        return new Stores(config, new ObjectStore(config));
    }

    @Test
    void withoutAListThereIsOneDefaultStoreInTheConfiguredBucket() {
        Stores stores = stores(null, "default");
        assertEquals(1, stores.all().size());
        assertEquals("default", stores.defaultStore().id());
        assertEquals("glint-images", stores.defaultStore().bucket());
    }

    @Test
    void storesShareTheDefaultEndpointUnlessTheyNameTheirOwn() {
        Stores stores = stores(List.of("fast=glint-fast", "cheap=glint-cheap@http://127.0.0.1:9999"), "cheap");
        assertEquals("cheap", stores.defaultStore().id());
        assertEquals(List.of("fast", "cheap"), stores.all().stream().map(Stores.Store::id).toList());
        assertEquals("glint-cheap", stores.find("cheap").orElseThrow().bucket());
        assertNotSame(stores.find("fast").orElseThrow().objects(), stores.find("cheap").orElseThrow().objects());
        assertSame(stores.defaultStore().objects(), stores.objectsOf("retired-store"));
        assertTrue(stores.find("nowhere").isEmpty());
    }

    @Test
    void mistakesAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> stores(List.of("fast"), "fast"));
        assertThrows(IllegalArgumentException.class, () -> stores(List.of("fast=a", "fast=b"), "fast"));
        assertThrows(IllegalArgumentException.class, () -> stores(List.of("Fast Store=a"), "Fast Store"));
        assertThrows(IllegalArgumentException.class, () -> stores(List.of("fast=a"), "default"));
    }
}
