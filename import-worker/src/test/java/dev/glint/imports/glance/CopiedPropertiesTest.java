package dev.glint.imports.glance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** glance-download copies the remote properties Glance's glance_download_properties names, and only those. */
class CopiedPropertiesTest {

    private static final List<String> GLANCE_DEFAULT = List.of("hw_", "trait:", "os_distro", "os_secure_boot", "os_type");

    private static Map<String, Object> remote() {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("id", "8e3b4f43-8a4b-4f8e-9d65-1f8f3d0f6b11");
        image.put("status", "active");
        image.put("disk_format", "qcow2");
        image.put("container_format", "bare");
        image.put("size", 1024);
        image.put("os_hidden", false);
        image.put("os_hash_algo", "sha512");
        image.put("hw_cpu_cores", "5");
        image.put("hw_disk_bus", "scsi");
        image.put("trait:STORAGE_DISK_SSD", "required");
        image.put("os_distro", "rhel");
        image.put("os_secure_boot", "required");
        image.put("os_type", "linux");
        image.put("os_glance_import_task", "3a0e2d0c-0000-4000-8000-000000000000");
        image.put("speed", "88mph");
        image.put("hw_nothing", null);
        return image;
    }

    @Test
    void glancesDefaultPrefixesCopyTheirPropertiesAndNothingElse() {
        assertEquals(Map.of("hw_cpu_cores", "5", "hw_disk_bus", "scsi", "trait:STORAGE_DISK_SSD", "required",
                        "os_distro", "rhel", "os_secure_boot", "required", "os_type", "linux"),
                CopiedProperties.select(remote(), GLANCE_DEFAULT));
    }

    @Test
    void prefixesArePrefixes() {
        Map<String, Object> image = Map.of("os_distro_version", "9", "os_typed", "x", "hw", "no", "trait", "no");
        assertEquals(Map.of("os_distro_version", "9", "os_typed", "x"), CopiedProperties.select(image, GLANCE_DEFAULT));
    }

    @Test
    void glancesOwnPropertiesAndTheImagesAttributesAreNeverCopied() {
        // A broad prefix catches os_hidden, os_hash_algo and os_glance_*: they are the local image's.
        assertEquals(Map.of("os_distro", "rhel", "os_secure_boot", "required", "os_type", "linux"),
                CopiedProperties.select(remote(), List.of("os_")));
        assertEquals(Map.of(), CopiedProperties.select(remote(), List.of("os_glance", "status", "disk_format", "")));
    }

    @Test
    void anEmptyListCopiesNothing() {
        assertEquals(Map.of(), CopiedProperties.select(remote(), List.of()));
    }
}
