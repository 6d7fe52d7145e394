-- The ETag the store must report for a copy Glint wrote as a multipart upload, computed from the
-- MD5 of each part as image-api sent it: with it the upload-worker verifies such an upload with one
-- HEAD instead of reading it back (glint-storage PartChecksums). Null for single PUTs, whose ETag
-- is the data's MD5 itself, and for copies written otherwise.
ALTER TABLE image_locations ADD COLUMN expected_etag TEXT;
