package io.customer360.identity;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL of unified customers, their members, match keys and the merge log. */
@ApplicationScoped
class IdentityRepository {

  /**
   * An entry customer row aliased {@code c} as the JSON text identity reads (matching properties,
   * exclusion filters, merge input), by SQL function {@code customer_json} (migration V10). Not an
   * API rendering: customers reach the API through the customer feature's renderer only.
   */
  static final String CUSTOMER_JSON = "customer_json(c)::text";

  private static final String UNIFIED_COLUMNS =
      """
      u.id, u.int_id, u.workspace_id, u.aggregate_node_id, u.created_at, u.updated_at,
      u.registered_at, u.version""";

  private static final String LOCK = "select identity_lock($1::text[])";

  private static final String JOIN = "select identity_join($1, $2, $3, $4::text[], $5, $6)";

  private static final String DETACH =
      """
      with keys as (
        delete from match_key
         where customer_id = $1 and ($2::uuid[] is null or aggregate_node_id = any ($2))),
      gone as (
        delete from unified_member
         where customer_id = $1 and ($2::uuid[] is null or aggregate_node_id = any ($2))
         returning unified_id)
      select distinct unified_id from gone""";

  private static final String LOCK_UNIFIED =
      "select id from unified_customer where id = any ($1) order by id for update";

  private static final String DELETE_EMPTY =
      """
      delete from unified_customer u
       where u.id = any ($1)
         and not exists (select 1 from unified_member m where m.unified_id = u.id)
      returning id, aggregate_node_id, true as deleted""";

  private static final String RESTAMP =
      """
      update unified_customer u
         set version = version + 1, updated_at = now(),
             registered_at = (select min(c.registered_at)
                                from unified_member m join customer c on c.id = m.customer_id
                               where m.unified_id = u.id)
       where u.id = any ($1)
      returning id, aggregate_node_id, false as deleted""";

  private static final String FIND_UNIFIED =
      "select "
          + UNIFIED_COLUMNS
          + " from unified_customer u where u.id = $1 and u.workspace_id = $2";

  /** Unified customers of any workspace by id, for the search index. */
  private static final String FIND_FOR_INDEX =
      "select " + UNIFIED_COLUMNS + " from unified_customer u where u.id = any ($1)";

  /** A keyset page of every unified customer in id order, for a rebuild of the search index. */
  private static final String PAGE_FOR_INDEX =
      "select "
          + UNIFIED_COLUMNS
          + " from unified_customer u where ($1::uuid is null or u.id > $1) order by u.id limit $2";

  /** The unified customers that hold any of the given entry customers. */
  private static final String CONTAINING =
      "select distinct m.unified_id from unified_member m where m.customer_id = any ($1)";

  private static final String SURVIVOR_OF =
      "select survivor_id from merge_log where victim_id = $1 and workspace_id = $2";

  private static final String FIND_UNIFIED_ALL =
      "select "
          + UNIFIED_COLUMNS
          + " from unified_customer u where u.id = any ($1) and u.workspace_id = $2";

  private static final String MEMBERS =
      """
      select m.unified_id, c.id, c.node_id, c.registered_at, c.updated_at, %s as customer
        from unified_member m join customer c on c.id = m.customer_id
       where m.unified_id = any ($1)
       order by c.registered_at, c.id"""
          .formatted(CUSTOMER_JSON);

  /**
   * A page of a unified customer's members in readable nodes ($2, null: all), with the count of
   * those (capped at $5) and of all its members; the counts come back also for {@code size=0}.
   */
  private static final String ENTRY_CUSTOMER_IDS =
      """
      with members as (
        select c.id, c.registered_at
          from unified_member m join customer c on c.id = m.customer_id
         where m.unified_id = $1 and ($2::uuid[] is null or c.node_id = any ($2))
         order by c.registered_at, c.id
         limit $5),
      counts as (
        select (select count(*) from members) as total,
               (select count(*) from unified_member where unified_id = $1) as unfiltered)
      select p.id, counts.total, counts.unfiltered from counts
      left join lateral (
        select id from members order by registered_at, id limit $3 offset $4) p on true""";

  private static final String CUSTOMERS_AFTER =
      """
      select %s as customer
        from customer c
       where c.node_id = any ($1)
         and c.id > coalesce($2::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
         and c.updated_at < $4
       order by c.id
       limit $3"""
          .formatted(CUSTOMER_JSON);

  private static final String COUNT_CUSTOMERS =
      "select count(*) as n from customer where node_id = any ($1) and updated_at < $2";

  record Unified(
      UUID id,
      long intId,
      UUID workspaceId,
      UUID aggregateNodeId,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime registeredAt,
      int version) {}

  /** A member row with the entry customer's API JSON. */
  record MemberRow(
      UUID unifiedId,
      UUID customerId,
      UUID nodeId,
      ObjectNode customer,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt) {}

  /** A unified customer touched by a membership removal; deleted when it was left empty. */
  record Touched(UUID id, UUID aggregateNodeId, boolean deleted) {

    static Touched of(Row r) {
      return new Touched(r.getUUID("id"), r.getUUID("aggregate_node_id"), r.getBoolean("deleted"));
    }
  }

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
    return tx.preparedQuery(LOCK).execute(Tuple.of(Db.stringArray(names))).replaceWithVoid();
  }

  // ------------------------------------------------------------------------ maintenance

  /**
   * Makes the entry customer a member of the unified customer owning any of its keys in the
   * aggregate node: creates one, joins one or merges several into the oldest (SQL function {@code
   * identity_join}, migration V10), with the change-log rows. The caller holds the key and member
   * locks.
   */
  Uni<Void> join(
      SqlClient tx,
      UUID workspaceId,
      UUID aggregateNodeId,
      UUID customerId,
      List<String> keys,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt) {
    return tx.preparedQuery(JOIN)
        .execute(
            Tuple.from(
                Arrays.asList(
                    workspaceId,
                    aggregateNodeId,
                    customerId,
                    Db.stringArray(keys),
                    registeredAt,
                    updatedAt)))
        .replaceWithVoid();
  }

  /**
   * Removes the customer from the unified customers of the given aggregate nodes (all when null):
   * memberships and keys go; a unified customer left empty is deleted, the others are re-stamped.
   */
  Uni<List<Touched>> detach(SqlClient tx, UUID customerId, List<UUID> aggregateNodeIds) {
    return tx.preparedQuery(DETACH)
        .execute(Tuple.of(customerId, Db.uuidArray(aggregateNodeIds)))
        .map(rows -> Db.list(rows, r -> r.getUUID("unified_id")))
        .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.of()) : restamp(tx, ids));
  }

  /** Locks the unified customers, deletes the empty ones and re-stamps the others. */
  private Uni<List<Touched>> restamp(SqlClient tx, List<UUID> ids) {
    Tuple unified = Tuple.of(Db.uuidArray(ids));
    List<Touched> touched = new ArrayList<>();
    return tx.preparedQuery(LOCK_UNIFIED)
        .execute(unified)
        .chain(() -> tx.preparedQuery(DELETE_EMPTY).execute(unified))
        .invoke(rows -> rows.forEach(r -> touched.add(Touched.of(r))))
        .chain(() -> tx.preparedQuery(RESTAMP).execute(unified))
        .invoke(rows -> rows.forEach(r -> touched.add(Touched.of(r))))
        .replaceWith(touched);
  }

  // ----------------------------------------------------------------------------- reads

  Uni<Unified> findUnified(UUID workspaceId, UUID id) {
    return pool.preparedQuery(FIND_UNIFIED)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, IdentityRepository::toUnified));
  }

  /** The survivor a merged-away id now lives in, or null. */
  Uni<List<Unified>> findForIndex(List<UUID> ids) {
    return pool.preparedQuery(FIND_FOR_INDEX)
        .execute(Tuple.of(Db.uuidArray(ids)))
        .map(rows -> Db.list(rows, IdentityRepository::toUnified));
  }

  Uni<List<Unified>> pageForIndex(UUID after, int limit) {
    return pool.preparedQuery(PAGE_FOR_INDEX)
        .execute(Tuple.of(after, limit))
        .map(rows -> Db.list(rows, IdentityRepository::toUnified));
  }

  Uni<List<UUID>> containing(List<UUID> customerIds) {
    return pool.preparedQuery(CONTAINING)
        .execute(Tuple.of(Db.uuidArray(customerIds)))
        .map(rows -> Db.list(rows, r -> r.getUUID("unified_id")));
  }

  Uni<UUID> survivorOf(UUID workspaceId, UUID victimId) {
    return pool.preparedQuery(SURVIVOR_OF)
        .execute(Tuple.of(victimId, workspaceId))
        .map(rows -> Db.first(rows, r -> r.getUUID("survivor_id")));
  }

  /** The unified customers of the workspace with these ids, in no particular order. */
  Uni<List<Unified>> findUnifiedAll(UUID workspaceId, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(FIND_UNIFIED_ALL)
        .execute(Tuple.of(Db.uuidArray(ids), workspaceId))
        .map(rows -> Db.list(rows, IdentityRepository::toUnified));
  }

  /** The members of all the given unified customers, in one query. */
  Uni<List<MemberRow>> members(List<UUID> unifiedIds) {
    if (unifiedIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(MEMBERS)
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

  /**
   * A page of the ids of a unified customer's entry customers, oldest registration first, limited
   * to readable nodes (null = all).
   */
  Uni<Paged<UUID>> entryCustomerIds(
      UUID unifiedId, Set<UUID> readableNodes, PageRequest page, int maxMatches) {
    return pool.preparedQuery(ENTRY_CUSTOMER_IDS)
        .execute(
            Tuple.of(
                unifiedId,
                readableNodes == null ? null : readableNodes.toArray(new UUID[0]),
                page.size(),
                page.offset(),
                maxMatches))
        .map(rows -> idPage(rows, page, maxMatches));
  }

  private static Paged<UUID> idPage(RowSet<Row> rows, PageRequest page, int maxMatches) {
    Db.Counted<UUID> ids = Db.counted(rows, r -> r.getUUID("id"));
    return new Paged<>(
        ids.elements(), PageInfo.capped(page, ids.total(), ids.unfiltered(), maxMatches));
  }

  /**
   * Entry customers of the given nodes after a cursor, in id order, as API JSON: only those last
   * written before {@code cutoff}; later writes maintained the node live. The cursor is a plain
   * range on the primary key (no "cursor is null or" branch), so each batch is an index range scan
   * and a whole build reads the index once, instead of every batch re-reading all customers before
   * the cursor.
   */
  Uni<List<ObjectNode>> customersAfter(
      SqlClient tx, List<UUID> nodeIds, UUID after, OffsetDateTime cutoff, int limit) {
    return tx.preparedQuery(CUSTOMERS_AFTER)
        .execute(Tuple.of(Db.uuidArray(nodeIds), after, limit, cutoff))
        .map(rows -> Db.list(rows, r -> db.object(r.getString("customer"))));
  }

  Uni<Long> countCustomers(SqlClient tx, List<UUID> nodeIds, OffsetDateTime cutoff) {
    return tx.preparedQuery(COUNT_CUSTOMERS)
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
