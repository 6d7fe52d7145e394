-- Import work: each hand-out of a task to a worker is an attempt; a worker's progress and outcome
-- count only for the current attempt, so a worker given up on cannot finish the task twice.
alter table tasks add column attempt integer not null default 0;
create index tasks_stalled on tasks (status, heartbeat_at);
create index tasks_listing on tasks (created_at, id);
