-- Bulk jobs (spec §1.2 B1–B4), owned by the bulk feature. A job's upload is stored in chunks of
-- rows (CSV text without the header), so any replica can process it; its per-row results are
-- stored per chunk, in the same transaction as the chunk's writes and the job's checkpoint
-- (chunks_done, processed and failed counts): a chunk is done exactly when its result row exists,
-- and the primary key of bulk_job_result lets no chunk commit twice. Workers claim jobs with FOR
-- UPDATE SKIP LOCKED and a lease (lease_until, renewed by every chunk): a worker that dies leaves
-- the job to whichever replica claims it once the lease has run out, which runs the chunks
-- without results.
create table bulk_job (
  id                 uuid primary key,
  workspace_id       uuid not null references workspace (id) on delete cascade,
  node_id            uuid not null references node (id) on delete cascade,
  filename           text,
  name               text,
  operation          text not null check (operation in ('UPSERT', 'INSERT', 'DELETE')),
  entity             text not null check (entity in ('CUSTOMER', 'EVENT')),
  event_type         text,
  status             text not null
                     check (status in ('LOADED', 'SCHEDULED', 'PROCESSING', 'STOPPED', 'PROCESSED',
                                       'FAILED')),
  error_message      text,
  columns            text[] not null default '{}',
  caller             jsonb not null,
  total_entities     integer not null default 0,
  processed_entities integer not null default 0,
  failed_entities    integer not null default 0,
  chunk_count        integer not null default 0,
  chunks_done        integer not null default 0,
  attempts           integer not null default 0,
  lease_owner        text,
  lease_until        timestamptz,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now()
);

-- B1 lists a node's jobs, newest first; the LOADED count per node (at most 10) reads the same range.
create index bulk_job_node on bulk_job (node_id, created_at desc);
-- The worker's claim reads only the jobs still to run.
create index bulk_job_runnable on bulk_job (created_at)
  where status in ('LOADED', 'SCHEDULED', 'PROCESSING');

-- The upload: chunk seq holds the data rows first_row .. first_row + row_count - 1 (1-based,
-- the header is row 0), as CSV text in the file's column order.
create table bulk_job_chunk (
  job_id    uuid not null references bulk_job (id) on delete cascade,
  seq       integer not null,
  first_row integer not null,
  row_count integer not null,
  data      text not null,
  primary key (job_id, seq)
);

-- The results of chunk seq: one CSV line per input row (row,outcome,id,path,rule).
create table bulk_job_result (
  job_id uuid not null references bulk_job (id) on delete cascade,
  seq    integer not null,
  lines  text not null,
  primary key (job_id, seq)
);
