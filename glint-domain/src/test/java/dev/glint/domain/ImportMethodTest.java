package dev.glint.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Import preconditions agree with the image table: every import start is an allowed transition. */
class ImportMethodTest {

    @ParameterizedTest
    @EnumSource(ImportMethod.class)
    void startingAnImportIsAnAllowedTransitionOrNoChange(ImportMethod method) {
        ImageStatus from = method.requiredStatus();
        ImageStatus during = method.statusWhileImporting();
        assertTrue(from == during || from.canMoveTo(during), method + ": " + from + " -> " + during);
        if (during == ImageStatus.IMPORTING) {
            assertTrue(during.canMoveTo(ImageStatus.ACTIVE));
            assertTrue(during.canMoveTo(ImageStatus.QUEUED));
        }
    }

    @Test
    void preconditionsAreGlances() {
        assertEquals(ImageStatus.UPLOADING, ImportMethod.GLANCE_DIRECT.requiredStatus());
        assertEquals(ImageStatus.QUEUED, ImportMethod.WEB_DOWNLOAD.requiredStatus());
        assertEquals(ImageStatus.ACTIVE, ImportMethod.COPY_IMAGE.requiredStatus());
        assertEquals(Optional.of(ImportMethod.COPY_IMAGE), ImportMethod.fromWireName("copy-image"));
        assertEquals(ImageStatus.QUEUED, ImportMethod.GLANCE_DOWNLOAD.requiredStatus());
        assertEquals(Optional.of(ImportMethod.GLANCE_DOWNLOAD), ImportMethod.fromWireName("glance-download"));
        assertEquals(Optional.empty(), ImportMethod.fromWireName("glance_download"));
    }
}
