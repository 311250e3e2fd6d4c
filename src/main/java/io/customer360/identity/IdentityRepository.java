package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Db;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL of unified customers, their members, match keys and the merge log. */
@ApplicationScoped
class IdentityRepository {

  /** An entry customer row rendered as customer API JSON. */
  static final String CUSTOMER_JSON =
      "(jsonb_build_object('id', c.id, 'nodeId', c.node_id, 'externalId', c.external_id)"
          + " || c.document || jsonb_build_object('enabled', c.enabled,"
          + " 'registeredAt', to_char(c.registered_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
          + " 'updatedAt', to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
          + " 'version', c.version, 'intId', c.int_id, 'deleted', c.deleted,"
          + " 'sourceInfo', c.source_info))::text";

  private static final String UNIFIED_COLUMNS =
      "u.id, u.int_id, u.workspace_id, u.aggregate_node_id, u.created_at, u.updated_at,"
          + " u.registered_at, u.version";

  record Unified(
      UUID id,
      long intId,
      UUID workspaceId,
      UUID aggregateNodeId,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime registeredAt,
      int version) {}

  /** A locked owner: its id and creation time decide the survivor of a merge. */
  record Owner(UUID id, OffsetDateTime createdAt) {}

  /** A member row with the entry customer's API JSON. */
  record MemberRow(
      UUID unifiedId,
      UUID customerId,
      UUID nodeId,
      ObjectNode customer,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt) {}

  /** A unified customer touched by a membership removal; deleted when it was left empty. */
  record Touched(UUID id, UUID aggregateNodeId, boolean deleted) {}

  private final Pool pool;
  private final Db db;

  IdentityRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  // ----------------------------------------------------------------------------- locks

  /**
   * Transaction-scoped advisory locks on the hashes of the given names, taken in hash order so that
   * concurrent writers never wait on each other in a cycle.
   */
  Uni<Void> lock(SqlClient tx, List<String> names) {
    if (names.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tx.preparedQuery(
            "select count(*) as n from (select pg_advisory_xact_lock(h) from (select distinct"
                + " hashtextextended(n, 0) as h from unnest($1::text[]) n order by h) s) t")
        .execute(Tuple.of(names.toArray(new String[0])))
        .replaceWithVoid();
  }

  // ------------------------------------------------------------------------ maintenance

  /** The unified customers owning any of the keys, plus the customer's current one. */
  Uni<List<UUID>> owners(SqlClient tx, UUID aggregateNodeId, List<String> keys, UUID customerId) {
    return tx.preparedQuery(
            "select m.unified_id from match_key k join unified_member m"
                + " on m.aggregate_node_id = k.aggregate_node_id and m.customer_id = k.customer_id"
                + " where k.aggregate_node_id = $1 and k.key = any($2)"
                + " union select unified_id from unified_member"
                + " where aggregate_node_id = $1 and customer_id = $3")
        .execute(Tuple.of(aggregateNodeId, keys.toArray(new String[0]), customerId))
        .map(rows -> Db.list(rows, r -> r.getUUID("unified_id")));
  }

  /** Row-locks the owners still present (a concurrent merge may have removed some). */
  Uni<List<Owner>> lockOwners(SqlClient tx, List<UUID> ids) {
    return tx.preparedQuery(
            "select id, created_at from unified_customer where id = any($1) order by id for update")
        .execute(Tuple.of(Db.uuidArray(ids)))
        .map(rows -> Db.list(rows, r -> new Owner(r.getUUID("id"), Db.time(r, "created_at"))));
  }

  /**
   * Creates a unified customer with this customer as its only member, its keys and its change-log
   * row, in one statement.
   */
  Uni<Void> createUnified(
      SqlClient tx,
      UUID id,
      UUID workspaceId,
      UUID aggregateNodeId,
      UUID customerId,
      List<String> keys,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt) {
    return tx.preparedQuery(
            "with u as (insert into unified_customer (id, workspace_id, aggregate_node_id, created_at,"
                + " updated_at, registered_at, version)"
                + " values ($1, $2, $3, clock_timestamp(), coalesce($4, now()), $5, 1) returning id),"
                + " member as (insert into unified_member (aggregate_node_id, customer_id, unified_id)"
                + " select $3, $6, id from u on conflict (aggregate_node_id, customer_id)"
                + " do update set unified_id = excluded.unified_id),"
                + " stale as (delete from match_key where aggregate_node_id = $3 and customer_id = $6"
                + " and key <> all($7::text[])),"
                + " fresh as (insert into match_key (aggregate_node_id, key, customer_id)"
                + " select $3, k, $6 from unnest($7::text[]) k on conflict do nothing)"
                + " insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
                + " select $2, $3, 'UNIFIED_CUSTOMER', id, 'CREATE' from u")
        .execute(
            Tuple.from(
                Arrays.asList(
                    id,
                    workspaceId,
                    aggregateNodeId,
                    updatedAt,
                    registeredAt,
                    customerId,
                    keys.toArray(new String[0]))))
        .replaceWithVoid();
  }

  /**
   * The common join: the customer's keys belong to exactly one unified customer. Row-locks it and,
   * if it still exists, makes the customer its member with these keys, stamps it and logs the
   * change, all in one statement. False when a concurrent merge removed it meanwhile.
   */
  Uni<Boolean> joinSingle(
      SqlClient tx,
      UUID workspaceId,
      UUID aggregateNodeId,
      UUID customerId,
      UUID unifiedId,
      List<String> keys,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt) {
    return tx.preparedQuery(
            "with o as (select id from unified_customer where id = $3 for update),"
                + " member as (insert into unified_member (aggregate_node_id, customer_id, unified_id)"
                + " select $1, $2, id from o on conflict (aggregate_node_id, customer_id)"
                + " do update set unified_id = excluded.unified_id),"
                + " stale as (delete from match_key where aggregate_node_id = $1 and customer_id = $2"
                + " and key <> all($4::text[]) and exists (select 1 from o)),"
                + " fresh as (insert into match_key (aggregate_node_id, key, customer_id)"
                + " select $1, k, $2 from unnest($4::text[]) k, o on conflict do nothing),"
                + " stamp as (update unified_customer set version = version + 1,"
                + " updated_at = greatest(updated_at, coalesce($6, now())),"
                + " registered_at = least(coalesce(registered_at, $5), $5)"
                + " where id in (select id from o)),"
                + " log as (insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
                + " select $7, $1, 'UNIFIED_CUSTOMER', id, 'UPDATE' from o)"
                + " select count(*) as n from o")
        .execute(
            Tuple.from(
                Arrays.asList(
                    aggregateNodeId,
                    customerId,
                    unifiedId,
                    keys.toArray(new String[0]),
                    registeredAt,
                    updatedAt,
                    workspaceId)))
        .map(rows -> rows.iterator().next().getLong("n") > 0);
  }

  /**
   * Folds the victims into the survivor: members move, the log records each victim (and re-points
   * earlier victims of the victims), the victims are deleted.
   */
  Uni<Void> merge(
      SqlClient tx,
      UUID workspaceId,
      UUID aggregateNodeId,
      UUID survivorId,
      List<UUID> victims,
      String reason) {
    UUID[] v = Db.uuidArray(victims);
    return tx.preparedQuery(
            "update unified_member set unified_id = $1 where aggregate_node_id = $2"
                + " and unified_id = any($3)")
        .execute(Tuple.of(survivorId, aggregateNodeId, v))
        .chain(
            () ->
                tx.preparedQuery(
                        "with repointed as (update merge_log set survivor_id = $1"
                            + " where survivor_id = any($2))"
                            + " insert into merge_log (victim_id, survivor_id, workspace_id,"
                            + " aggregate_node_id, reason)"
                            + " select victim, $1, $3, $4, $5 from unnest($2::uuid[]) victim")
                    .execute(Tuple.of(survivorId, v, workspaceId, aggregateNodeId, reason)))
        .chain(
            () ->
                tx.preparedQuery(
                        "with gone as (delete from unified_customer where id = any($2)"
                            + " returning registered_at, updated_at)"
                            + " update unified_customer s set"
                            + " registered_at = least(s.registered_at, g.r),"
                            + " updated_at = greatest(s.updated_at, g.u)"
                            + " from (select min(registered_at) as r, max(updated_at) as u from gone) g"
                            + " where s.id = $1")
                    .execute(Tuple.of(survivorId, v)))
        .replaceWithVoid();
  }

  /**
   * Makes the customer a member of the unified customer with exactly these keys, and stamps the
   * unified customer as changed.
   */
  Uni<Void> attach(
      SqlClient tx,
      UUID aggregateNodeId,
      UUID customerId,
      UUID unifiedId,
      List<String> keys,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt) {
    return tx.preparedQuery(
            "with member as (insert into unified_member (aggregate_node_id, customer_id, unified_id)"
                + " values ($1, $2, $3) on conflict (aggregate_node_id, customer_id)"
                + " do update set unified_id = excluded.unified_id),"
                + " stale as (delete from match_key where aggregate_node_id = $1 and customer_id = $2"
                + " and key <> all($4::text[])),"
                + " fresh as (insert into match_key (aggregate_node_id, key, customer_id)"
                + " select $1, k, $2 from unnest($4::text[]) k on conflict do nothing)"
                + " update unified_customer set version = version + 1,"
                + " updated_at = greatest(updated_at, coalesce($6, now())),"
                + " registered_at = least(coalesce(registered_at, $5), $5) where id = $3")
        .execute(
            Tuple.from(
                Arrays.asList(
                    aggregateNodeId,
                    customerId,
                    unifiedId,
                    keys.toArray(new String[0]),
                    registeredAt,
                    updatedAt)))
        .replaceWithVoid();
  }

  /**
   * Removes the customer from the unified customers of the given aggregate nodes (all when null):
   * memberships and keys go; a unified customer left empty is deleted, the others are re-stamped.
   */
  Uni<List<Touched>> detach(SqlClient tx, UUID customerId, List<UUID> aggregateNodeIds) {
    UUID[] nodes = aggregateNodeIds == null ? null : Db.uuidArray(aggregateNodeIds);
    return tx.preparedQuery(
            "with keys as (delete from match_key where customer_id = $1"
                + " and ($2::uuid[] is null or aggregate_node_id = any($2))),"
                + " gone as (delete from unified_member where customer_id = $1"
                + " and ($2::uuid[] is null or aggregate_node_id = any($2)) returning unified_id)"
                + " select distinct unified_id from gone")
        .execute(Tuple.of(customerId, nodes))
        .map(rows -> Db.list(rows, r -> r.getUUID("unified_id")))
        .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Touched>of()) : restamp(tx, ids));
  }

  private Uni<List<Touched>> restamp(SqlClient tx, List<UUID> ids) {
    UUID[] a = Db.uuidArray(ids);
    return lockOwners(tx, ids)
        .chain(
            locked ->
                tx.preparedQuery(
                        "delete from unified_customer u where u.id = any($1) and not exists"
                            + " (select 1 from unified_member m where m.unified_id = u.id)"
                            + " returning id, aggregate_node_id")
                    .execute(Tuple.of(a)))
        .chain(
            deleted ->
                tx.preparedQuery(
                        "update unified_customer u set version = version + 1, updated_at = now(),"
                            + " registered_at = (select min(c.registered_at) from unified_member m"
                            + " join customer c on c.id = m.customer_id where m.unified_id = u.id)"
                            + " where u.id = any($1) returning id, aggregate_node_id")
                    .execute(Tuple.of(a))
                    .map(
                        updated -> {
                          List<Touched> out = new java.util.ArrayList<>();
                          deleted.forEach(
                              r ->
                                  out.add(
                                      new Touched(
                                          r.getUUID("id"), r.getUUID("aggregate_node_id"), true)));
                          updated.forEach(
                              r ->
                                  out.add(
                                      new Touched(
                                          r.getUUID("id"), r.getUUID("aggregate_node_id"), false)));
                          return out;
                        }));
  }

  // ----------------------------------------------------------------------------- reads

  Uni<Unified> findUnified(UUID workspaceId, UUID id) {
    return pool.preparedQuery(
            "select "
                + UNIFIED_COLUMNS
                + " from unified_customer u where u.id = $1 and u.workspace_id = $2")
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, IdentityRepository::toUnified));
  }

  /** The survivor a merged-away id now lives in, or null. */
  Uni<UUID> survivorOf(UUID workspaceId, UUID victimId) {
    return pool.preparedQuery(
            "select survivor_id from merge_log where victim_id = $1 and workspace_id = $2")
        .execute(Tuple.of(victimId, workspaceId))
        .map(rows -> Db.first(rows, r -> r.getUUID("survivor_id")));
  }

  /**
   * One page of a node's unified customers, optionally only those with a member of that external id
   * (looked up through the entry nodes' external-id index); orderBy comes from a fixed whitelist.
   */
  Uni<RowSet<Row>> page(
      UUID workspaceId,
      UUID aggregateNodeId,
      List<UUID> entryNodes,
      String externalId,
      String orderBy,
      PageRequest page) {
    return pool.preparedQuery(
            "select "
                + UNIFIED_COLUMNS
                + ", count(*) over () as total from unified_customer u"
                + " where u.aggregate_node_id = $1 and u.workspace_id = $2 and ($3::text is null"
                + " or u.id in (select m.unified_id from customer c join unified_member m"
                + " on m.customer_id = c.id and m.aggregate_node_id = $1"
                + " where c.node_id = any($6) and c.external_id = $3))"
                + " order by "
                + orderBy
                + " limit $4 offset $5")
        .execute(
            Tuple.from(
                Arrays.asList(
                    aggregateNodeId,
                    workspaceId,
                    externalId,
                    page.size(),
                    page.offset(),
                    Db.uuidArray(entryNodes))));
  }

  /** The members of all the given unified customers, in one query. */
  Uni<List<MemberRow>> members(List<UUID> unifiedIds) {
    if (unifiedIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(
            "select m.unified_id, c.id, c.node_id, c.registered_at, c.updated_at, "
                + CUSTOMER_JSON
                + " as customer from unified_member m join customer c on c.id = m.customer_id"
                + " where m.unified_id = any($1) order by c.registered_at, c.id")
        .execute(Tuple.of(Db.uuidArray(unifiedIds)))
        .map(
            rows ->
                Db.list(
                    rows,
                    r ->
                        new MemberRow(
                            r.getUUID("unified_id"),
                            r.getUUID("id"),
                            r.getUUID("node_id"),
                            db.object(r.getString("customer")),
                            Db.time(r, "registered_at"),
                            Db.time(r, "updated_at"))));
  }

  /** A page of a unified customer's entry customers, limited to readable nodes (null = all). */
  Uni<Paged<JsonNode>> entryCustomers(
      UUID unifiedId, Set<UUID> readableNodes, PageRequest page, int maxMatches) {
    return pool.preparedQuery(
            "select "
                + CUSTOMER_JSON
                + " as customer, count(*) over () as total from unified_member m"
                + " join customer c on c.id = m.customer_id where m.unified_id = $1"
                + " and ($2::uuid[] is null or c.node_id = any($2))"
                + " order by c.registered_at, c.id limit $3 offset $4")
        .execute(
            Tuple.of(
                unifiedId,
                readableNodes == null ? null : readableNodes.toArray(new UUID[0]),
                page.size(),
                page.offset()))
        .map(
            rows ->
                new Paged<>(
                    Db.list(rows, r -> db.tree(r.getString("customer"))),
                    PageInfo.capped(page, Db.total(rows), maxMatches)));
  }

  /**
   * Entry customers of the given nodes after a cursor, in id order, as API JSON: only those last
   * written before {@code cutoff}; later writes maintained the node live.
   */
  Uni<List<ObjectNode>> customersAfter(
      SqlClient tx, List<UUID> nodeIds, UUID after, OffsetDateTime cutoff, int limit) {
    return tx.preparedQuery(
            "select "
                + CUSTOMER_JSON
                + " as customer from customer c where c.node_id = any($1)"
                + " and ($2::uuid is null or c.id > $2) and c.updated_at < $4"
                + " order by c.id limit $3")
        .execute(Tuple.of(Db.uuidArray(nodeIds), after, limit, cutoff))
        .map(rows -> Db.list(rows, r -> db.object(r.getString("customer"))));
  }

  Uni<Long> countCustomers(SqlClient tx, List<UUID> nodeIds, OffsetDateTime cutoff) {
    return tx.preparedQuery(
            "select count(*) as n from customer where node_id = any($1) and updated_at < $2")
        .execute(Tuple.of(Db.uuidArray(nodeIds), cutoff))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  static Unified toUnified(Row r) {
    return new Unified(
        r.getUUID("id"),
        r.getLong("int_id"),
        r.getUUID("workspace_id"),
        r.getUUID("aggregate_node_id"),
        Db.time(r, "created_at"),
        Db.time(r, "updated_at"),
        Db.time(r, "registered_at"),
        r.getInteger("version"));
  }

  private static final String MEMBER_IDS =
      """
      select m.customer_id from unified_member m
      join unified_customer u on u.id = m.unified_id
      where m.unified_id = $1 and u.workspace_id = $2
      """;

  /** The entry customers of one unified customer of the workspace (empty when none). */
  Uni<List<UUID>> memberIds(UUID workspaceId, UUID unifiedId) {
    return pool.preparedQuery(MEMBER_IDS)
        .execute(Tuple.of(unifiedId, workspaceId))
        .map(rows -> Db.list(rows, r -> r.getUUID("customer_id")));
  }

  // ------------------------------------- emptying an entry node (IdentityService.entryNodeEmptied)

  /** Drops the match keys and memberships of every customer of an entry node; the touched ids. */
  private static final String DETACH_NODE =
      """
      with keys as (
             delete from match_key k using customer c
              where k.customer_id = c.id and c.workspace_id = $1 and c.node_id = $2),
           gone as (
             delete from unified_member m using customer c
              where m.customer_id = c.id and c.workspace_id = $1 and c.node_id = $2
             returning m.unified_id)
      select distinct unified_id from gone
      """;

  /**
   * Deletes the touched unified customers left without members and restamps the others (version,
   * updatedAt, registeredAt of the remaining members), with a change-log DELETE or UPDATE row each.
   */
  private static final String RESTAMP_UNIFIED =
      """
      with touched as (
             select id from unified_customer where id = any($2) order by id for update),
           gone as (
             delete from unified_customer u using touched t
              where u.id = t.id
                and not exists (select 1 from unified_member m where m.unified_id = u.id)
             returning u.id, u.aggregate_node_id),
           kept as (
             update unified_customer u
                set version = u.version + 1,
                    updated_at = now(),
                    registered_at = (select min(c.registered_at)
                                       from unified_member m join customer c on c.id = m.customer_id
                                      where m.unified_id = u.id)
               from touched t
              where u.id = t.id
                and exists (select 1 from unified_member m where m.unified_id = u.id)
             returning u.id, u.aggregate_node_id)
      insert into change_log (workspace_id, node_id, entity, entity_id, operation)
      select $1::uuid, aggregate_node_id, 'UNIFIED_CUSTOMER', id, 'DELETE' from gone
      union all
      select $1::uuid, aggregate_node_id, 'UNIFIED_CUSTOMER', id, 'UPDATE' from kept
      """;

  /** Detaches every customer of an entry node from its unified customers; the touched ids. */
  Uni<List<UUID>> detachNode(SqlClient tx, UUID workspaceId, UUID nodeId) {
    return tx.preparedQuery(DETACH_NODE)
        .execute(Tuple.of(workspaceId, nodeId))
        .map(rows -> Db.list(rows, r -> r.getUUID("unified_id")));
  }

  /** Removes or restamps the touched unified customers, logging each change. */
  Uni<Void> restampUnified(SqlClient tx, UUID workspaceId, List<UUID> unifiedIds) {
    if (unifiedIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tx.preparedQuery(RESTAMP_UNIFIED)
        .execute(Tuple.of(workspaceId, Db.uuidArray(unifiedIds)))
        .replaceWithVoid();
  }
}
