-- When the scrubber may try an image again after a store error. The row names the deletion it is
-- about (deleted_at), so a retry delay never carries over to a later delete of a restored image;
-- in the database, not in memory, so it survives restarts and every replica honours it.
create table scrub_retries (
    image_id   uuid         primary key references images (id),
    deleted_at timestamptz  not null,
    not_before timestamptz  not null,
    attempts   integer      not null,
    last_error text         not null default ''
);

-- The scrubber's sweep and backlog gauges, and the purge of long-deleted rows.
create index images_pending_delete on images (deleted_at) where status = 'pending_delete';
create index images_deleted on images (deleted_at) where status = 'deleted';
-- Reconciliation looks up the locations of the objects it lists.
create index image_locations_object on image_locations (bucket, object_key);
