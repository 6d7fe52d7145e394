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

    @Test
    void locationUrlsNameEndpointBucketAndKeyAndResolveBackToTheirStore() {
        Stores stores = stores(List.of("fast=glint-fast", "cheap=glint-cheap@https://s3.example:8443"), "fast");
        Stores.Store fast = stores.find("fast").orElseThrow();
        Stores.Store cheap = stores.find("cheap").orElseThrow();
        assertEquals("s3+http://127.0.0.1:9391/glint-fast/images/a/b", Stores.url(fast, "images/a/b"));
        assertEquals("s3+https://s3.example:8443/glint-cheap/k", Stores.url(cheap, "k"));
        assertEquals("s3+http://127.0.0.1:9391/old-bucket/k", stores.url("retired", "old-bucket", "k"));

        Stores.S3Object object = stores.resolve("s3+http://127.0.0.1:9391/glint-fast/images/a/b").orElseThrow();
        assertEquals("fast", object.store().id());
        assertEquals("images/a/b", object.key());
        assertEquals("cheap", stores.resolve("s3://s3.example:8443/glint-cheap/k").orElseThrow().store().id());
        assertTrue(stores.resolve("s3+https://127.0.0.1:9391/glint-fast/k").isEmpty());
        assertTrue(stores.resolve("s3+http://127.0.0.1:9391/other-bucket/k").isEmpty());
        assertTrue(stores.resolve("s3+http://127.0.0.1:9391/glint-fast/").isEmpty());
        assertTrue(stores.resolve("s3+http://key:secret@127.0.0.1:9391/glint-fast/k").isEmpty());
        assertTrue(stores.resolve("http://127.0.0.1:9391/glint-fast/k").isEmpty());
    }

    @Test
    void theHttpStoreHasAnIdOfItsOwn() {
        StorageConfig base = TestStorageConfig.of("http://127.0.0.1:9391", "glint", "glint-secret-key", "glint-images");
        assertTrue(new Stores(base, new ObjectStore(base)).httpStore().isEmpty());
        StorageConfig named = withHttpStore(base, "web");
        assertEquals(Optional.of("web"), new Stores(named, new ObjectStore(named)).httpStore());
        StorageConfig clash = withHttpStore(base, "default");
        assertThrows(IllegalArgumentException.class, () -> new Stores(clash, new ObjectStore(clash)));
    }

    private static StorageConfig withHttpStore(StorageConfig base, String id) {
        return (StorageConfig) java.lang.reflect.Proxy.newProxyInstance(StoresTest.class.getClassLoader(),
                new Class<?>[] {StorageConfig.class}, (proxy, method, args) -> method.getName().equals("httpStore")
                        ? Optional.of(id) : method.invoke(base, args));
    }
}
