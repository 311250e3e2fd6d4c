-- The change log is read in offset order by the indexer and the update stream, gap-free: a reader
-- only goes up to a horizon below which every offset is final (stream/ChangeLogHorizon). That
-- proof needs each transaction to hold its transaction id before it draws an offset, so the
-- offset default first assigns the id (pg_current_xact_id) and then draws from the sequence.
create function change_log_next_offset() returns bigint
  language plpgsql volatile as $$
begin
  perform pg_current_xact_id();
  return nextval('change_log_offset_seq');
end $$;

alter table change_log alter column "offset" set default change_log_next_offset();

-- Wakes the indexer (LISTEN change_log) once per writing statement; notifications of one
-- transaction are folded into one and delivered at commit, never for a rollback.
create function change_log_notify() returns trigger
  language plpgsql as $$
begin
  perform pg_notify('change_log', '');
  return null;
end $$;

create trigger change_log_notify after insert on change_log
  for each statement execute function change_log_notify();
