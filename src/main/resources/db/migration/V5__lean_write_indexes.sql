-- Every customer create writes a customer and, on an ACTIVE aggregate node, a unified customer;
-- each index costs an insertion per row. These served no read: int_id values come from one
-- sequence (unique by construction, never looked up), and unified customers are deleted per
-- aggregate node, not per workspace.
alter table customer drop constraint if exists customer_int_id_key;
alter table unified_customer drop constraint if exists unified_customer_int_id_key;
drop index if exists unified_customer_workspace;
