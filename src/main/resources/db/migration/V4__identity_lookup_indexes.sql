-- Keys and memberships are also looked up by customer (maintenance, delete, forget). With only
-- the primary keys, whose customer column is not leading, those lookups scanned every key or
-- member of the aggregate node: a cost that grew with the node.
drop index if exists match_key_customer;
create index match_key_customer on match_key (customer_id, aggregate_node_id);
create index unified_member_customer on unified_member (customer_id, aggregate_node_id);
