package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.persistence.ImageRecord;

/** Who may see and change an image (Glance's default rules, without memberships for now). */
public final class ImageAccess {

    private ImageAccess() {
    }

    public static boolean canSee(Caller caller, ImageRecord image) {
        return caller.isAdmin()
                || caller.owns(image.owner)
                || "public".equals(image.visibility)
                || "community".equals(image.visibility);
    }

    public static boolean canModify(Caller caller, ImageRecord image) {
        return caller.isAdmin() || caller.owns(image.owner);
    }
}
