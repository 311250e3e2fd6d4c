-- The search indexer (search/SearchIndexer) feeds Elasticsearch from the change log. Its position
-- lives here, one row per index prefix: the highest change-log offset whose changes are in the
-- indices. A missing row means the indices hold nothing known (a fresh or restored database): the
-- indexer then drops the prefix's indices, creates them anew and starts from offset 0.
create table search_indexer (
    prefix     text primary key,
    position   bigint      not null,
    updated_at timestamptz not null default now()
);

-- Requests to rebuild the indices from PostgreSQL (POST /hub/v1/search/reindex). The leading
-- indexer runs the oldest REQUESTED or RUNNING one; done and total count documents.
create table search_reindex (
    id           bigserial primary key,
    prefix       text        not null,
    state        text        not null check (state in ('REQUESTED', 'RUNNING', 'DONE', 'FAILED')),
    done         bigint      not null default 0,
    total        bigint      not null default 0,
    error        text,
    requested_at timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
create index search_reindex_prefix on search_reindex (prefix, id desc);
