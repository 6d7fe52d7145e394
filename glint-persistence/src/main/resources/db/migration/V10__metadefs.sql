-- Glance's metadata definitions catalog: namespaces holding property definitions, objects (named
-- groups of properties), tags, and associations with the resource types (Glance images, Nova
-- flavors, ...) their properties apply to. Everything inside a namespace goes with it.
create table metadef_namespaces (
    id           uuid primary key,
    namespace    varchar(80)  not null,
    display_name varchar(80),
    description  text,
    visibility   varchar(32)  not null,
    protected    boolean      not null default false,
    owner        varchar(255) not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    constraint metadef_namespaces_namespace unique (namespace)
);
create index metadef_namespaces_owner on metadef_namespaces (owner);
create index metadef_namespaces_created on metadef_namespaces (created_at, id);

-- A property definition: JSON-schema-like text (type, title, enum, minimum, ...) without its name.
create table metadef_properties (
    id           uuid primary key,
    namespace_id uuid         not null references metadef_namespaces (id) on delete cascade,
    name         varchar(80)  not null,
    definition   jsonb        not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    constraint metadef_properties_name unique (namespace_id, name)
);

create table metadef_objects (
    id           uuid primary key,
    namespace_id uuid         not null references metadef_namespaces (id) on delete cascade,
    name         varchar(80)  not null,
    description  text,
    -- names of the object's required properties (a JSON array), null when none were given
    required     text,
    -- property name -> property definition
    properties   jsonb        not null default '{}',
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    constraint metadef_objects_name unique (namespace_id, name)
);

create table metadef_tags (
    id           uuid primary key,
    namespace_id uuid         not null references metadef_namespaces (id) on delete cascade,
    name         varchar(80)  not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);
-- Glance: "metadata tag names are case insensitive" within a namespace.
create unique index metadef_tags_name on metadef_tags (namespace_id, lower(name));
create index metadef_tags_listing on metadef_tags (namespace_id, created_at, id);

-- Resource types exist on their own (an association with an unknown name creates one).
create table metadef_resource_types (
    id         uuid primary key,
    name       varchar(80)  not null,
    -- seeded by Glint: never removed
    protected  boolean      not null default false,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    constraint metadef_resource_types_name unique (name)
);

create table metadef_namespace_resource_types (
    namespace_id      uuid        not null references metadef_namespaces (id) on delete cascade,
    resource_type_id  uuid        not null references metadef_resource_types (id),
    prefix            varchar(80),
    properties_target varchar(80),
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    primary key (namespace_id, resource_type_id)
);
create index metadef_namespace_resource_types_type on metadef_namespace_resource_types (resource_type_id);

-- The resource types of the OpenStack services that read metadata definitions: Glance images,
-- Cinder volumes, Nova flavors, host aggregates and servers.
insert into metadef_resource_types (id, name, protected, created_at, updated_at) values
    (gen_random_uuid(), 'OS::Glance::Image', true, now(), now()),
    (gen_random_uuid(), 'OS::Cinder::Volume', true, now(), now()),
    (gen_random_uuid(), 'OS::Nova::Flavor', true, now(), now()),
    (gen_random_uuid(), 'OS::Nova::Aggregate', true, now(), now()),
    (gen_random_uuid(), 'OS::Nova::Server', true, now(), now());
