-- Customer 360 schema. PostgreSQL is the system of record; Elasticsearch indices are derived
-- from change_log and can be rebuilt. Every tenant-owned table carries workspace_id.

create table workspace (
    id          uuid primary key,
    name        text        not null,
    slug        text        not null unique,
    group_pk    bigint      not null,
    shard       text        not null,
    status      text        not null check (status in ('ENABLED', 'SUSPENDED', 'DISABLED')),
    -- industry, timezone, currency, logo, throttling, isCustomer360, extended-property schemas,
    -- payload sizes, consent and products-update policies, disabled events and base properties
    config      jsonb       not null default '{}',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index workspace_group_pk on workspace (group_pk);

create table node (
    id                   uuid primary key,
    workspace_id         uuid        not null references workspace (id),
    type                 text        not null check (type in ('ENTRY', 'AGGREGATE')),
    name                 text        not null,
    description          text,
    image_url            text,
    -- entry nodes
    unique_customer      jsonb,
    source_priority      uuid[],
    mandatory_properties text[],
    -- aggregate nodes
    entry_nodes          uuid[],
    matching_properties  jsonb,
    exclusion_filters    jsonb,
    state                text check (state in ('NEW', 'ACTIVE', 'LOCKED', 'REMOVED')),
    -- progress of the background build of unified customers after NEW -> ACTIVE
    build                jsonb,
    retention            jsonb       not null default '{"enabled": false, "events": {}}',
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index node_workspace on node (workspace_id, type, created_at);
create index node_entry_nodes on node using gin (entry_nodes);

create table source (
    id           uuid primary key,
    workspace_id uuid        not null references workspace (id),
    provider     text        not null,
    name         text        not null,
    description  text,
    properties   jsonb,
    nodes        uuid[]      not null,
    enabled      boolean     not null default true,
    -- sha-256 of the opaque token; the token itself is shown once, on create and refresh
    token_hash   text        not null unique,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create index source_workspace on source (workspace_id, created_at);

-- People known to the service: an OIDC subject gets a row the first time it calls the API.
create table app_user (
    id            serial primary key,
    subject       text        not null unique,
    username      text,
    name          text,
    surname       text,
    email         text,
    lang          text,
    registered_at timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table user_node_permission (
    user_id      int  not null references app_user (id),
    workspace_id uuid not null references workspace (id),
    node_id      uuid not null references node (id) on delete cascade,
    permission   text not null check (permission in ('R', 'RW')),
    primary key (user_id, node_id)
);
create index user_node_permission_workspace on user_node_permission (workspace_id, user_id);

-- Fixed-window request counters for throttling, shared by every replica.
create unlogged table request_window (
    workspace_id uuid        not null,
    window_start timestamptz not null,
    count        int         not null,
    primary key (workspace_id, window_start)
);

-- Customers ---------------------------------------------------------------------------------

create sequence customer_int_id;

create table customer (
    id            uuid primary key,
    int_id        bigint      not null unique default nextval('customer_int_id'),
    workspace_id  uuid        not null,
    node_id       uuid        not null references node (id),
    external_id   text,
    -- normalised value of the node's unique-customer properties; null when the node has none
    unique_key    text,
    -- base, consents, extended, extra, tags
    document      jsonb       not null,
    enabled       boolean     not null default true,
    registered_at timestamptz not null,
    updated_at    timestamptz not null,
    version       int         not null,
    deleted       smallint    not null default 0,
    source_info   jsonb       not null,
    unique (node_id, unique_key)
);
create index customer_node_updated on customer (node_id, updated_at desc, id);
create index customer_node_external on customer (node_id, external_id);

create table customer_identifier (
    customer_id  uuid not null references customer (id) on delete cascade,
    workspace_id uuid not null,
    node_id      uuid not null,
    type         text not null,
    value        text not null,
    primary key (customer_id, type, value)
);
create index customer_identifier_lookup on customer_identifier (node_id, type, value);

create table customer_session (
    id           uuid primary key,
    workspace_id uuid        not null,
    node_id      uuid        not null,
    customer_id  uuid        not null references customer (id) on delete cascade,
    value        text        not null,
    created_at   timestamptz not null default now(),
    unique (node_id, value)
);
create index customer_session_customer on customer_session (customer_id);

-- Unified customers: per aggregate node, the connected components of entry customers that share
-- a matching value.
create table unified_customer (
    id                uuid primary key,
    int_id            bigint      not null unique default nextval('customer_int_id'),
    workspace_id      uuid        not null,
    aggregate_node_id uuid        not null references node (id),
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    version           int         not null default 1
);
create index unified_customer_node on unified_customer (aggregate_node_id, updated_at desc, id);

create table unified_member (
    aggregate_node_id uuid not null,
    customer_id       uuid not null references customer (id) on delete cascade,
    unified_id        uuid not null references unified_customer (id) on delete cascade,
    primary key (aggregate_node_id, customer_id)
);
create index unified_member_unified on unified_member (unified_id);

-- The matching values each member contributes; a key shared by two members joins them.
create table match_key (
    aggregate_node_id uuid not null,
    key               text not null,
    customer_id       uuid not null references customer (id) on delete cascade,
    primary key (aggregate_node_id, key, customer_id)
);
create index match_key_customer on match_key (customer_id);

-- A victim of a merge keeps answering with a pointer to its survivor.
create table merge_log (
    victim_id         uuid primary key,
    survivor_id       uuid        not null,
    workspace_id      uuid        not null,
    aggregate_node_id uuid        not null,
    merged_at         timestamptz not null default now(),
    reason            text        not null
);
create index merge_log_survivor on merge_log (survivor_id);

create table consent_log (
    id           bigserial primary key,
    workspace_id uuid        not null,
    customer_id  uuid        not null,
    date         timestamptz not null default now(),
    type         text        not null,
    property     text,
    value        jsonb,
    source_id    uuid,
    user_id      int
);
create index consent_log_customer on consent_log (workspace_id, customer_id, date);

-- Events, range-partitioned by month on date (partitions are created by EventPartitions).
create table event (
    id            uuid        not null,
    workspace_id  uuid        not null,
    node_id       uuid        not null,
    customer_id   uuid,
    type          text        not null,
    context       text        not null,
    mode          text        not null,
    properties    jsonb       not null,
    context_info  jsonb,
    tracking      jsonb,
    bring_back    jsonb,
    -- the SESSION_ID value of an event that no customer held yet
    session_value text,
    date          timestamptz not null,
    origin        text,
    registered_at timestamptz not null,
    updated_at    timestamptz,
    version       int         not null default 1,
    primary key (id, date)
) partition by range (date);
create index event_customer_date on event (customer_id, date);
create index event_workspace_date on event (workspace_id, date desc);
create index event_anonymous_session on event (node_id, session_value) where customer_id is null;

-- The change log feeds the indexer and the public update stream. Readers take rows whose
-- transaction is older than the oldest one still running (pg_snapshot_xmin), in (txid, offset) order.
create table change_log (
    "offset"     bigserial primary key,
    workspace_id uuid        not null,
    node_id      uuid,
    entity       text        not null,
    entity_id    uuid        not null,
    operation    text        not null,
    data         jsonb,
    txid         xid8        not null default pg_current_xact_id(),
    created_at   timestamptz not null default now()
);
create index change_log_workspace on change_log (workspace_id, "offset");
create index change_log_txid on change_log (txid, "offset");
