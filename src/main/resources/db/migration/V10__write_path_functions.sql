-- The write path of entry customers as server-side functions: a create (or a group of concurrent
-- creates) is one statement, one round trip and one commit, instead of a statement per table.
-- The Java services decide WHAT to write (validation, unique key, identifiers, matching keys and
-- exclusion filters); these functions only write it.

-- An entry customer row as identity resolution reads it (matching properties, exclusion filters,
-- the documents a unified customer is merged from): {id, nodeId, externalId, base, consents,
-- extended, extra, tags, enabled, registeredAt, updatedAt, version, intId, deleted, sourceInfo}.
-- Not an API renderer: the API shape of a customer is rendered by the application only.
create or replace function customer_json(c customer) returns jsonb
language sql stable parallel safe as $$
  select jsonb_build_object('id', c.id, 'nodeId', c.node_id, 'externalId', c.external_id)
    || c.document
    || jsonb_build_object('enabled', c.enabled,
         'registeredAt', to_char(c.registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'updatedAt', to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'version', c.version, 'intId', c.int_id, 'deleted', c.deleted,
         'sourceInfo', c.source_info)
$$;

-- The helpers below are PL/pgSQL rather than SQL functions: PL/pgSQL keeps the plans of its
-- statements for the session, a SQL function called from PL/pgSQL plans them at every call.

-- Identity: transaction-scoped advisory locks on the hashes of the given names, taken in hash
-- order so that concurrent writers never wait on each other in a cycle. Names are
-- "<aggregate node id><match key>" and "<aggregate node id>member:<customer id>".
create or replace function identity_lock(p_names text[]) returns void
language plpgsql as $$
begin
  perform pg_advisory_xact_lock(h)
    from (select distinct hashtextextended(n, 0) as h from unnest(p_names) n order by h) s;
end
$$;

-- Identity: makes an entry customer a member of the unified customer of an aggregate node that
-- owns any of its keys (the caller holds the key and member locks):
--   no owner    -> a new unified customer with this member (change log CREATE);
--   one owner   -> joined: membership, keys, stamps (change log UPDATE);
--   several     -> the oldest survives, the others are merged into it (members move, merge_log
--                  records each victim and re-points earlier victims, change log DELETE with
--                  {"mergedInto": survivor} per victim), then joined as above.
-- The customer's current unified customer counts as an owner. When a concurrent merge removes an
-- owner between the lookup and the row lock, the lookup is repeated; after 10 tries the
-- transaction fails with a serialization failure (40001), which the caller retries.
create or replace function identity_join(
    p_workspace uuid, p_aggregate uuid, p_customer uuid, p_keys text[],
    p_registered_at timestamptz, p_updated_at timestamptz) returns void
language plpgsql as $$
declare
  v_owners   uuid[];
  v_locked   uuid[];
  v_survivor uuid;
  v_victims  uuid[];
begin
  for attempt in 1 .. 10 loop
    select array_agg(distinct o.unified_id) into v_owners from (
      select m.unified_id from match_key k join unified_member m
        on m.aggregate_node_id = k.aggregate_node_id and m.customer_id = k.customer_id
        where k.aggregate_node_id = p_aggregate and k.key = any (p_keys)
      union all
      select unified_id from unified_member
        where aggregate_node_id = p_aggregate and customer_id = p_customer) o;

    if v_owners is null then
      v_survivor := gen_random_uuid();
      insert into unified_customer (id, workspace_id, aggregate_node_id, created_at, updated_at,
                                    registered_at, version)
        values (v_survivor, p_workspace, p_aggregate, clock_timestamp(),
                coalesce(p_updated_at, now()), p_registered_at, 1);
      perform identity_attach(p_aggregate, p_customer, v_survivor, p_keys);
      insert into change_log (workspace_id, node_id, entity, entity_id, operation)
        values (p_workspace, p_aggregate, 'UNIFIED_CUSTOMER', v_survivor, 'CREATE');
      return;
    end if;

    select array_agg(l.id order by l.created_at, l.id) into v_locked from (
      select id, created_at from unified_customer where id = any (v_owners)
        order by id for update) l;

    if cardinality(v_locked) = cardinality(v_owners) then
      v_survivor := v_locked[1];
      v_victims := v_locked[2:];
      if cardinality(v_victims) > 0 then
        perform identity_merge(p_workspace, p_aggregate, v_survivor, v_victims,
                               'entry customer ' || p_customer || ' shares a matching value');
      end if;
      perform identity_attach(p_aggregate, p_customer, v_survivor, p_keys);
      update unified_customer set version = version + 1,
             updated_at = greatest(updated_at, coalesce(p_updated_at, now())),
             registered_at = least(coalesce(registered_at, p_registered_at), p_registered_at)
        where id = v_survivor;
      insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)
        select p_workspace, p_aggregate, 'UNIFIED_CUSTOMER', v_survivor, 'UPDATE', null::jsonb
        union all
        select p_workspace, p_aggregate, 'UNIFIED_CUSTOMER', v, 'DELETE',
               jsonb_build_object('mergedInto', v_survivor)
          from unnest(v_victims) v;
      return;
    end if;
  end loop;
  raise exception 'unified customers kept changing under customer %', p_customer
    using errcode = '40001';
end
$$;

-- Identity: the membership of a customer in a unified customer with exactly these keys.
create or replace function identity_attach(
    p_aggregate uuid, p_customer uuid, p_unified uuid, p_keys text[]) returns void
language plpgsql as $$
begin
  insert into unified_member (aggregate_node_id, customer_id, unified_id)
    values (p_aggregate, p_customer, p_unified)
    on conflict (aggregate_node_id, customer_id) do update set unified_id = excluded.unified_id;
  delete from match_key
    where aggregate_node_id = p_aggregate and customer_id = p_customer and key <> all (p_keys);
  insert into match_key (aggregate_node_id, key, customer_id)
    select p_aggregate, k, p_customer from unnest(p_keys) k on conflict do nothing;
end
$$;

-- Identity: folds the victims into the survivor (both locked by the caller).
create or replace function identity_merge(
    p_workspace uuid, p_aggregate uuid, p_survivor uuid, p_victims uuid[], p_reason text)
    returns void
language plpgsql as $$
begin
  update unified_member set unified_id = p_survivor
    where aggregate_node_id = p_aggregate and unified_id = any (p_victims);
  update merge_log set survivor_id = p_survivor where survivor_id = any (p_victims);
  insert into merge_log (victim_id, survivor_id, workspace_id, aggregate_node_id, reason)
    select v, p_survivor, p_workspace, p_aggregate, p_reason from unnest(p_victims) v;
  with gone as (delete from unified_customer where id = any (p_victims)
                returning registered_at, updated_at)
  update unified_customer s
    set registered_at = least(s.registered_at, g.r), updated_at = greatest(s.updated_at, g.u)
    from (select min(registered_at) as r, max(updated_at) as u from gone) g
    where s.id = p_survivor;
end
$$;

-- Customers: creates a group of entry customers in one statement. Per customer i: the row
-- (p_ids[i] ... p_source_infos[i], registered at p_registered_at[i] and updated at
-- p_updated_at[i], both from the application clock), its identifier rows (p_identifier_* where
-- the customer id matches), its change-log row (CREATE: p_log_documents[i], the customer's API
-- JSON as the application renders it, completed with the intId the sequence gave: the only
-- value the database assigns), and its unified customer in each
-- ACTIVE aggregate node over its entry node that does not exclude it (plan j: p_plan_customers[j]
-- in p_plan_aggregates[j], with the keys p_keys[k] whose p_key_plans[k] = j). A customer whose
-- (node, unique key) is taken is skipped: it is not in the result, and the caller merges it into
-- the holder. Returns the rows created.
--
-- The key and member locks of every plan are taken first. A plan none of whose keys has an owner
-- yet, nor is shared with another plan of the group, makes a new unified customer: those are
-- written set-based in the same statement as the customers. The other plans go through
-- identity_join one by one, in order.
create or replace function customer_create(
    p_ids uuid[], p_workspaces uuid[], p_nodes uuid[], p_external_ids text[],
    p_unique_keys text[], p_documents text[], p_enabled boolean[], p_source_infos text[],
    p_registered_at timestamptz[], p_updated_at timestamptz[], p_log_documents text[],
    p_identifier_customers uuid[], p_identifier_types text[], p_identifier_values text[],
    p_plan_customers uuid[], p_plan_aggregates uuid[], p_key_plans int[], p_keys text[])
    returns setof customer
language plpgsql as $$
declare
  v_created   uuid[];
  v_contested int[];
  v_plan      record;
begin
  if cardinality(p_plan_customers) > 0 then
    perform identity_lock(array(
      select p.aggregate::text || k.key
        from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
        join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = p.n
      union all
      select p.aggregate::text || 'member:' || p.customer
        from unnest(p_plan_customers, p_plan_aggregates) as p(customer, aggregate)));
    -- plans with a key that is owned already or shared within the group
    v_contested := array(
      select distinct p.n
        from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
        join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = p.n
       where exists (select 1 from match_key m
                      where m.aggregate_node_id = p.aggregate and m.key = k.key)
          or exists (select 1
                       from unnest(p_key_plans, p_keys) as k2(plan, key)
                       join unnest(p_plan_aggregates) with ordinality as p2(aggregate, n)
                         on p2.n = k2.plan
                      where k2.key = k.key and k2.plan <> k.plan and p2.aggregate = p.aggregate));
  end if;

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
        from c join unnest(p_ids, p_log_documents) as x(id, doc) on x.id = c.id),
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
  members as (
    insert into unified_member (aggregate_node_id, customer_id, unified_id)
      select aggregate, customer, unified_id from alone),
  keys as (
    insert into match_key (aggregate_node_id, key, customer_id)
      select a.aggregate, k.key, a.customer
        from alone a join unnest(p_key_plans, p_keys) as k(plan, key) on k.plan = a.n
      on conflict do nothing),
  unified_log as (
    insert into change_log (workspace_id, node_id, entity, entity_id, operation)
      select workspace_id, aggregate, 'UNIFIED_CUSTOMER', unified_id, 'CREATE' from alone)
  select array_agg(c.id) into v_created from c;

  if v_created is null then
    return;
  end if;

  for v_plan in
    select p.n, p.customer, p.aggregate, c.workspace_id, c.registered_at, c.updated_at
      from unnest(p_plan_customers, p_plan_aggregates) with ordinality as p(customer, aggregate, n)
      join customer c on c.id = p.customer
     where p.n = any (v_contested) and p.customer = any (v_created)
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
