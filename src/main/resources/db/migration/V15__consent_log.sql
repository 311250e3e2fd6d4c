-- The consent log (spec §1.11 K1, K2), owned by the consent feature (consent/ConsentLog): one row
-- per change of an entry customer's consents (CONSENT_CHANGED, CONSENT_RESTRICTED,
-- CONSENT_OBJECTED, DISCLAIMER_READ), per export (DATA_PORTABILITY_REQUESTED) and per forget
-- (FORCED_DELETE). Rows hold ids and consent values only, never personal data, and outlive the
-- customer: there is no foreign key to customer, and forget keeps them.

-- The entry node of the customer, so the K2 `nodes` filter and a DPO's node permissions still
-- apply once the customer is forgotten. Rows written before this column existed (FORCED_DELETE
-- only) take the node from the customer's change-log rows, which forget keeps; a row whose
-- customer left no change-log row keeps null and is shown to ADMIN and CLAB_OPERATOR only.
alter table consent_log add column node_id uuid;

update consent_log l set node_id = c.node_id
  from (select distinct on (entity_id) entity_id, node_id
          from change_log
         where entity = 'CUSTOMER' and node_id is not null
           and entity_id in (select customer_id from consent_log where node_id is null)
         order by entity_id, "offset") c
 where l.node_id is null and c.entity_id = l.customer_id;

alter table consent_log add constraint consent_log_type check (type in (
  'DISCLAIMER_READ', 'CONSENT_CHANGED', 'CONSENT_RESTRICTED', 'CONSENT_OBJECTED',
  'DATA_PORTABILITY_REQUESTED', 'FORCED_DELETE'));

-- Paths compare byte by byte, so a path's prefix range is exact: 'p' <= property < 'p/' holds p
-- and every path below it ('.' is the only path character before '/'), whatever the database's
-- collation.
alter table consent_log alter column property type text collate "C";

-- K2 reads newest first (date, then id) within a workspace, optionally of some customers or
-- nodes, of some types (the rare ones, FORCED_DELETE or DATA_PORTABILITY_REQUESTED, would
-- otherwise walk the whole workspace) or of one property (or the properties below a path, as a
-- range of that index); each index serves one of those ranges in date order, so a page and its
-- capped count walk at most the rows they answer or count.
drop index if exists consent_log_customer;
create index consent_log_workspace_date on consent_log (workspace_id, date, id);
create index consent_log_customer_date on consent_log (workspace_id, customer_id, date, id);
create index consent_log_node_date on consent_log (workspace_id, node_id, date, id);
create index consent_log_type_date on consent_log (workspace_id, type, date, id);
create index consent_log_property_date on consent_log (workspace_id, property, date, id);
