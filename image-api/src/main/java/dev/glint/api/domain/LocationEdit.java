package dev.glint.api.domain;

import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The locations of one image while a PATCH changes them: the list as it will be (in order), the
 * locations taken out of it, and whether the changes activate the queued image. Written to the
 * database at the end of the PATCH, in its transaction ({@link ImageLocations#save}).
 */
final class LocationEdit {

    final ImageRecord image;
    final List<ImageLocationRecord> list;
    final List<ImageLocationRecord> added = new ArrayList<>();
    final List<ImageLocationRecord> removed = new ArrayList<>();
    boolean activates;

    LocationEdit(ImageRecord image, List<ImageLocationRecord> current) {
        this.image = image;
        this.list = new ArrayList<>(current);
    }
}
