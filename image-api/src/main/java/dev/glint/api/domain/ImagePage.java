package dev.glint.api.domain;

import dev.glint.persistence.ImageRecord;
import java.util.List;

/** One page of images; {@code full} tells whether a next page may exist. */
public record ImagePage(List<ImageRecord> images, boolean full) {
}
