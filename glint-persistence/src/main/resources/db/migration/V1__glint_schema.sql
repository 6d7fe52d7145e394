-- Images: Glance's image record. Custom properties (jsonb) and tags (a JSON array as text) live in
-- the row, so one row is one image; GIN indexes keep property and tag filters off sequential scans.
create table images (
    id               uuid primary key,
    name             varchar(255),
    status           varchar(20)  not null,
    visibility       varchar(20)  not null,
    protected        boolean      not null default false,
    os_hidden        boolean      not null default false,
    min_disk         integer      not null default 0,
    min_ram          integer      not null default 0,
    disk_format      varchar(32),
    container_format varchar(32),
    size             bigint,
    virtual_size     bigint,
    checksum         varchar(32),
    os_hash_algo     varchar(64),
    os_hash_value    varchar(128),
    owner            varchar(255) not null,
    properties       jsonb        not null default '{}',
    tags             text         not null default '[]',
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    deleted_at       timestamptz
);
create index images_listing on images (created_at desc, id desc);
create index images_status on images (status);
create index images_owner on images (owner);
create index images_properties on images using gin (properties jsonb_path_ops);
create index images_tags on images using gin ((tags::jsonb) jsonb_path_ops);

-- Where an image's data lives: one row per stored copy. Status PENDING (stored, not yet
-- verified), ACTIVE, DELETED (removed from its store), as the LocationStatus enum names them.
create table image_locations (
    id         uuid primary key,
    image_id   uuid          not null references images (id),
    store      varchar(64)   not null,
    bucket     varchar(255)  not null,
    object_key varchar(1024) not null,
    status     varchar(20)   not null,
    size       bigint,
    created_at timestamptz   not null,
    updated_at timestamptz   not null
);
create index image_locations_image on image_locations (image_id);
create index image_locations_live on image_locations (status) where status <> 'DELETED';

create table image_members (
    image_id   uuid         not null references images (id),
    member     varchar(255) not null,
    status     varchar(20)  not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    primary key (image_id, member)
);
create index image_members_member on image_members (member);

create table tasks (
    id           uuid primary key,
    type         varchar(30)  not null,
    status       varchar(20)  not null,
    owner        varchar(255) not null,
    image_id     uuid,
    input        jsonb,
    result       jsonb,
    message      text         not null default '',
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    expires_at   timestamptz,
    heartbeat_at timestamptz
);
create index tasks_status on tasks (status);
create index tasks_image on tasks (image_id);

-- Transactional outbox: written in the same transaction as the change it reports, published to
-- Kafka by the relay in seq order.
create table outbox (
    seq          bigserial primary key,
    event_id     uuid         not null unique,
    topic        varchar(255) not null,
    message_key  varchar(255) not null,
    event_type   varchar(64)  not null,
    payload      text         not null,
    created_at   timestamptz  not null,
    published_at timestamptz
);
create index outbox_unpublished on outbox (seq) where published_at is null;

-- Idempotent consumers: an event id recorded here, in the same transaction as its effect, is
-- never applied again by that consumer.
create table processed_events (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null,
    primary key (consumer, event_id)
);
