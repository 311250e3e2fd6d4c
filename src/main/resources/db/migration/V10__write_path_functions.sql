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

-- customer_create, the group create of entry customers, is defined in V11.
