-- While image-api streams an image's data in (PUT /file, PUT /stage) it refreshes this time; it is
-- cleared when the transfer ends either way. A saving or uploading image whose time stopped moving
-- lost its transfer with the image-api that ran it, and is given back to its owner as queued.
alter table images add column transfer_heartbeat_at timestamptz;
create index images_transfers on images (transfer_heartbeat_at) where transfer_heartbeat_at is not null;
