-- The oldest registration among a unified customer's members, kept on every membership change
-- so that unified customers can be listed by registeredAt without reading their members.
alter table unified_customer add column registered_at timestamptz;
create index unified_customer_node_registered on unified_customer (aggregate_node_id, registered_at, id);
create index unified_customer_workspace on unified_customer (workspace_id);
