package dev.glint.domain.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The data of image.member.create, image.member.update and image.member.delete: the image shared,
 * the project it is shared with and the membership's status (pending, accepted, rejected) after
 * the change, as in Glance's member notifications.
 */
public record ImageMemberChanged(
        @JsonProperty("image_id") UUID imageId,
        @JsonProperty("member_id") String memberId,
        String status) {
}
