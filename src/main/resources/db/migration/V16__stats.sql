-- Statistics of updates and deletes (spec §1.1 S8, S9; stream/ChangeLogStats) count the change
-- log's UPDATE and DELETE rows of one workspace and entity kind by day of created_at. A partial
-- index over those rows only: creates, the bulk of the log (every customer and event written),
-- never touch it, so the write path of creates pays nothing for it.
create index change_log_changes on change_log (workspace_id, entity, operation, created_at)
  include (node_id, entity_id)
  where operation in ('UPDATE', 'DELETE');
