package dev.glint.api.domain;

import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;

/** An image and the stored copy its data is read from; {@code location} is null without data. */
public record ImageData(ImageRecord image, ImageLocationRecord location) {
}
