-- Segments (package segment, the only writer): a name and a query in the Contacthub query language
-- (spec §4) over a workspace's customers; counts are live, from the customer index. Workspaces are
-- never deleted (like node and source, no cascade). name keeps the client's trimmed text; name_key
-- is its comparison form (common/Keys.normalizeKey: trimmed, NFC, lowercased), so names are unique
-- per workspace regardless of case and Unicode normal form, and the name filter and order use it.
create table segment (
    id           uuid        primary key,
    workspace_id uuid        not null references workspace (id),
    name         text        not null,
    name_key     text        not null,
    query        jsonb       not null,
    enabled      boolean     not null default true,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create unique index segment_workspace_name on segment (workspace_id, name_key);
