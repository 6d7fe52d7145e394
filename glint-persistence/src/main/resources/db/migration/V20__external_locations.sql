-- Glance's image locations: besides the copies Glint writes (store, bucket, object key), a location
-- can be added through the API. Such a location keeps the URL it was given (url; null for the copies
-- Glint wrote, whose URL is derived from their store), may point outside every S3 store (the
-- read-only http store: no bucket, no key), and carries the metadata the client gave it. Locations
-- are ordered: position is the place in the image's list, null for copies that were never reordered,
-- which come after the ordered ones in the order they were written.
alter table image_locations add column url varchar(2048);
alter table image_locations add column metadata jsonb not null default '{}';
alter table image_locations add column position integer;
alter table image_locations alter column bucket drop not null;
alter table image_locations alter column object_key drop not null;
