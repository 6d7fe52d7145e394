-- glance-download reads another region's image with the caller's Keystone token, asynchronously, in
-- an import-worker. The token is kept here, never on Kafka or in the task (tasks are shown to their
-- owners and admins): one row per task, written by image-api with the task, read by the
-- import-worker, deleted when the task ends, and swept once it expires (with the token). The
-- endpoint is the one image-api found for the requested region and interface, or, when it found
-- none, endpoint_problem says why (the task then fails, as Glance's does).
create table import_credentials (
    task_id uuid primary key references tasks (id) on delete cascade,
    endpoint text,
    endpoint_problem text,
    token text,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index import_credentials_expiry on import_credentials (expires_at);
