-- Issue 15: every event carries its number in the stream of its subject (one image, one task, one
-- namespace on one topic): 1, 2, 3, ... so that a subscriber tells a gap from a duplicate.
-- The counter row is taken (and so locked) in the transaction that writes the event: two changes of
-- one subject get consecutive numbers in the order they commit.
create table event_sequences (
    topic         varchar(255) not null,
    message_key   varchar(255) not null,
    last_sequence bigint       not null,
    primary key (topic, message_key)
);

-- Rows written before this migration have no number; the relay publishes them without one.
alter table outbox add column sequence bigint;
