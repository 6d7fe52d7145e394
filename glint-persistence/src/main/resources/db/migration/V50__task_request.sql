-- Glance shows, on each task, the request that created it (its X-Openstack-Request-Id) and the
-- user who made that request (the image tasks API, v2.12). Tasks created before this have neither.
alter table tasks add column request_id text;
alter table tasks add column user_id text;
