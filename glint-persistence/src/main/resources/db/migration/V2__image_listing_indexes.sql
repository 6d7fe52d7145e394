-- Listing for non-admins starts from the caller's own images, public ones and the images shared
-- with it; sorts on name (as the API sorts it, a missing name as '') and updated_at page through an
-- index, scanned forwards or backwards, instead of sorting every row.
create index images_owner_listing on images (owner, created_at desc, id desc);
create index images_visibility_listing on images (visibility, created_at desc, id desc);
create index images_name on images (name);
create index images_name_listing on images ((coalesce(name, '')), created_at, id);
create index images_updated on images (updated_at desc, id desc);
create index image_members_member_status on image_members (member, status, image_id);
