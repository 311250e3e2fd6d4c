-- Customers: the group create takes its identity locks after it has inserted its customers.
--
-- Before, customer_create took the key and member locks of every plan first and then inserted the
-- customers. An insert whose unique key another transaction is rewriting (a PUT, a PATCH or the
-- merge of a create, which lock the customer row first and take the identity locks after) waits
-- for that transaction, while that transaction waits for the identity lock the insert holds: a
-- deadlock, seen as 500 and 503 answers when updates and merging creates of one customer under an
-- ACTIVE aggregate node run at once. Now every write takes its locks in one order: the customer
-- row (a new row is its inserter's until commit), then the identity locks. Only the plans of the
-- customers actually created are locked; a skipped customer is merged by the caller, which locks
-- the holder's row first, then its keys.
create or replace function customer_create(
    p_ids uuid[], p_workspaces uuid[], p_nodes uuid[], p_external_ids text[],
    p_unique_keys text[], p_documents text[], p_enabled boolean[], p_source_infos text[],
    p_registered_at timestamptz[], p_updated_at timestamptz[], p_log_documents text[],
    p_identifier_customers uuid[], p_identifier_types text[], p_identifier_values text[],
    p_plan_customers uuid[], p_plan_aggregates uuid[], p_key_plans int[], p_keys text[])
    returns setof customer
language plpgsql as $$
declare
  v_created     uuid[];
  v_contested   int[];
  v_join_plans  int[];
  v_join_owners uuid[];
  v_plan        record;
  v_alone       bigint;
begin
  with c as (
    insert into customer (id, workspace_id, node_id, external_id, unique_key, document, enabled,
                          registered_at, updated_at, version, deleted, source_info)
      select x.id, x.ws, x.node, x.ext, x.ukey, x.doc::jsonb, x.enabled, x.reg, x.upd, 1, 0,
             x.si::jsonb
        from unnest(p_ids, p_workspaces, p_nodes, p_external_ids, p_unique_keys, p_documents,
                    p_enabled, p_source_infos, p_registered_at, p_updated_at)
             as x(id, ws, node, ext, ukey, doc, enabled, si, reg, upd)
      on conflict (node_id, unique_key) do nothing
      returning *),
  identifiers as (
    insert into customer_identifier (customer_id, workspace_id, node_id, type, value)
      select c.id, c.workspace_id, c.node_id, k.t, k.v
        from c join unnest(p_identifier_customers, p_identifier_types, p_identifier_values)
                    as k(customer_id, t, v) on k.customer_id = c.id
      on conflict do nothing),
  log as (
    insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)
      select c.workspace_id, c.node_id, 'CUSTOMER', c.id, 'CREATE',
             x.doc::jsonb || jsonb_build_object('intId', c.int_id)
        from c join unnest(p_ids, p_log_documents) as x(id, doc) on x.id = c.id)
  select array_agg(c.id) into v_created from c;

  if v_created is null then
    return;
  end if;

  if cardinality(p_plan_customers) > 0 then
    perform identity_lock(array(
      select p.aggregate::text || k.key
        from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
        join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = p.n
       where p.customer = any (v_created)
      union all
      select p.aggregate::text || 'member:' || p.customer
        from unnest(p_plan_customers, p_plan_aggregates) as p(customer, aggregate)
       where p.customer = any (v_created)));
    -- plans with a key that is owned already or shared within the group
    v_contested := array(
      select distinct p.n
        from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
        join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = p.n
       where p.customer = any (v_created)
         and (exists (select 1 from match_key m
                       where m.aggregate_node_id = p.aggregate and m.key = k.key)
              or exists (select 1
                           from unnest(p_key_plans, p_keys) as k2(plan, key)
                           join unnest(p_plan_aggregates) with ordinality as p2(aggregate, n)
                             on p2.n = k2.plan
                          where k2.key = k.key and k2.plan <> k.plan
                            and p2.aggregate = p.aggregate)));
    -- contested plans with exactly one owner and no key shared within the group, owner locked
    if cardinality(v_contested) > 0 then
      select array_agg(o.n order by o.n), array_agg(o.owner order by o.n)
        into v_join_plans, v_join_owners
        from (select p.n, min(m.unified_id::text)::uuid as owner
                from unnest(p_plan_customers, p_plan_aggregates) with ordinality
                     as p(customer, aggregate, n)
                join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = p.n
                join match_key mk on mk.aggregate_node_id = p.aggregate and mk.key = k.key
                join unified_member m
                  on m.aggregate_node_id = mk.aggregate_node_id and m.customer_id = mk.customer_id
               where p.n = any (v_contested)
                 and not exists (
                       select 1
                         from unnest(p_key_plans, p_keys) as k1(plan, key)
                         join unnest(p_key_plans, p_keys) as k2(plan, key)
                           on k2.key = k1.key and k2.plan <> k1.plan
                         join unnest(p_plan_aggregates) with ordinality as p2(aggregate, n)
                           on p2.n = k2.plan
                        where k1.plan = p.n and p2.aggregate = p.aggregate)
               group by p.n
              having count(distinct m.unified_id) = 1) o
        join (select id from unified_customer
               where id in (select distinct m.unified_id
                              from unnest(p_plan_aggregates) with ordinality as p(aggregate, n)
                              join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = p.n
                              join match_key mk
                                on mk.aggregate_node_id = p.aggregate and mk.key = k.key
                              join unified_member m
                                on m.aggregate_node_id = mk.aggregate_node_id
                               and m.customer_id = mk.customer_id
                             where p.n = any (v_contested))
               order by id for update) l on l.id = o.owner;
    end if;
  end if;

  with c as (
    select id, workspace_id, registered_at, updated_at
      from customer where id = any (v_created)),
  alone as (
    select p.n, p.customer, p.aggregate, gen_random_uuid() as unified_id, c.workspace_id,
           c.registered_at, c.updated_at
      from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
      join c on c.id = p.customer
     where p.n <> all (coalesce(v_contested, '{}'))),
  unified as (
    insert into unified_customer (id, workspace_id, aggregate_node_id, created_at, updated_at,
                                  registered_at, version)
      select unified_id, workspace_id, aggregate, clock_timestamp(), updated_at, registered_at, 1
        from alone),
  joined as (
    select p.n, p.customer, p.aggregate, j.unified_id, c.workspace_id, c.registered_at,
           c.updated_at
      from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
      join unnest(v_join_plans, v_join_owners) as j(n, unified_id) on j.n = p.n
      join c on c.id = p.customer),
  members as (
    insert into unified_member (aggregate_node_id, customer_id, unified_id)
      select aggregate, customer, unified_id from alone
      union all
      select aggregate, customer, unified_id from joined),
  keys as (
    insert into match_key (aggregate_node_id, key, customer_id)
      select a.aggregate, k.key, a.customer
        from (select n, aggregate, customer from alone
              union all
              select n, aggregate, customer from joined) a
        join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = a.n
      on conflict do nothing),
  stamps as (
    update unified_customer u
       set version = u.version + g.joins,
           updated_at = greatest(u.updated_at, g.updated_at),
           registered_at = least(coalesce(u.registered_at, g.registered_at), g.registered_at)
      from (select unified_id, count(*) as joins, max(updated_at) as updated_at,
                   min(registered_at) as registered_at
              from joined group by unified_id) g
     where u.id = g.unified_id),
  unified_log as (
    insert into change_log (workspace_id, node_id, entity, entity_id, operation)
      select workspace_id, aggregate, 'UNIFIED_CUSTOMER', unified_id, 'CREATE' from alone
      union all
      select workspace_id, aggregate, 'UNIFIED_CUSTOMER', unified_id, 'UPDATE' from joined)
  select count(*) into v_alone from alone;

  for v_plan in
    select p.n, p.customer, p.aggregate, c.workspace_id, c.registered_at, c.updated_at
      from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
      join customer c on c.id = p.customer
     where p.n = any (v_contested) and p.n <> all (coalesce(v_join_plans, '{}'))
       and p.customer = any (v_created)
     order by p.n
  loop
    perform identity_join(v_plan.workspace_id, v_plan.aggregate, v_plan.customer,
      array(select k.key from unnest(p_key_plans, p_keys) as k(plan, key)
             where k.plan = v_plan.n),
      v_plan.registered_at, v_plan.updated_at);
  end loop;

  return query select * from customer where id = any (v_created);
end
$$;
