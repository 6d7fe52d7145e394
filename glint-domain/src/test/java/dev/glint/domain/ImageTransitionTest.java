package dev.glint.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The named image transitions against the status table: together they cover it, and nothing more. */
class ImageTransitionTest {

    private record Image(ImageStatus status, String diskFormat, String containerFormat, boolean isProtected)
            implements ImageState {
    }

    @Test
    void everyStatusChangeOfTheTableHasANamedTransitionAndNoneOutsideIt() {
        Set<String> named = new HashSet<>();
        for (ImageTransition transition : ImageTransition.values()) {
            for (ImageStatus from : transition.from()) {
                ImageStatus to = transition.to(from);
                if (to != from) {
                    assertTrue(from.canMoveTo(to), transition + ": " + from + " -> " + to + " is not in the table");
                    named.add(from + ">" + to);
                }
            }
        }
        for (ImageStatus from : ImageStatus.values()) {
            for (ImageStatus to : from.next()) {
                assertTrue(named.contains(from + ">" + to), from + " -> " + to + " has no named transition");
            }
        }
    }

    @Test
    void transitionsThatKeepTheStatusNeverApplyToGoneImages() {
        for (ImageTransition transition : ImageTransition.values()) {
            if (transition.keepsStatus()) {
                assertTrue(!transition.from().contains(ImageStatus.DELETED)
                        && !transition.from().contains(ImageStatus.PENDING_DELETE), transition.toString());
            }
        }
    }

    @Test
    void theOlderCallShapeFindsExactlyOneTransition() {
        for (ImageTransition transition : ImageTransition.values()) {
            if (transition.keepsStatus()) {
                continue;
            }
            for (ImageStatus from : transition.from()) {
                assertEquals(transition, ImageTransition.resolve(from, transition.to(from), transition.eventType()));
            }
        }
        assertThrows(IllegalTransitionException.class,
                () -> ImageTransition.resolve(ImageStatus.KILLED, ImageStatus.ACTIVE, ImageEventType.ACTIVATE));
    }

    @Test
    void goingBackToQueuedClearsTheSizes() {
        assertEquals(EnumSet.of(ImageField.SIZE, ImageField.VIRTUAL_SIZE, ImageField.TRANSFER_HEARTBEAT),
                ImageTransition.GIVE_BACK_TO_QUEUED.resets());
        assertEquals(EnumSet.of(ImageStatus.SAVING, ImageStatus.UPLOADING, ImageStatus.IMPORTING),
                ImageTransition.GIVE_BACK_TO_QUEUED.from());
    }

    @Test
    void leavingQueuedOrUploadingForDataStatusesNeedsBothFormats() {
        Set<ImageStatus> needFormats = EnumSet.of(ImageStatus.SAVING, ImageStatus.ACTIVE, ImageStatus.IMPORTING);
        for (ImageTransition transition : ImageTransition.values()) {
            boolean leavesForData = transition.to() != null && needFormats.contains(transition.to())
                    && (transition.from().contains(ImageStatus.QUEUED) || transition.from().contains(ImageStatus.UPLOADING));
            assertEquals(leavesForData, transition.preconditions().contains(ImagePrecondition.FORMATS_SET),
                    transition.toString());
        }
        TransitionRefusedException refused = assertThrows(TransitionRefusedException.class,
                () -> ImageTransition.START_UPLOAD.requireApplicable(new Image(ImageStatus.QUEUED, "raw", null, false)));
        assertEquals(ImagePrecondition.FORMATS_SET, refused.precondition());
        assertEquals("Properties disk_format, container_format must be set prior to saving data.", refused.getMessage());
        ImageTransition.START_UPLOAD.requireApplicable(new Image(ImageStatus.QUEUED, "raw", "bare", false));
    }

    @Test
    void protectedImagesAreNotDeleted() {
        for (ImageTransition transition : ImageTransition.values()) {
            boolean deletes = transition.eventType() == ImageEventType.DELETE && transition != ImageTransition.SCRUB;
            assertEquals(deletes, transition.preconditions().contains(ImagePrecondition.NOT_PROTECTED),
                    transition.toString());
        }
        assertThrows(TransitionRefusedException.class,
                () -> ImageTransition.DELETE.requireApplicable(new Image(ImageStatus.ACTIVE, "raw", "bare", true)));
    }

    @Test
    void aTransitionFromTheWrongStatusIsRefused() {
        IllegalTransitionException refused = assertThrows(IllegalTransitionException.class,
                () -> ImageTransition.ACTIVATE.requireFrom(ImageStatus.KILLED));
        assertEquals("killed", refused.from());
        assertEquals("active", refused.to());
    }

    @Test
    void deletesStampTheirTimeAndRestoreClearsIt() {
        assertEquals(Set.of(ImageField.DELETED_AT), ImageTransition.DELETE.stamps());
        assertEquals(Set.of(ImageField.DELETED_AT), ImageTransition.DELAYED_DELETE.stamps());
        assertEquals(Set.of(ImageField.DELETED_AT), ImageTransition.RESTORE.resets());
    }
}
