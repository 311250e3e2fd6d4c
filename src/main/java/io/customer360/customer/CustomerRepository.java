package io.customer360.customer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Db;
import io.customer360.identity.IdentityService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * SQL of the tables the customer feature owns: {@code customer} and {@code customer_identifier}
 * (the consent log is the consent feature's, reached through {@link CustomerConsentLog}). One named
 * statement per method.
 */
@ApplicationScoped
public class CustomerRepository {

  /** The customer columns every read selects, from a row aliased {@code c}. */
  private static final String COLUMNS =
      """
      c.id, c.int_id, c.workspace_id, c.node_id, c.external_id, c.unique_key,
      c.document::text as document, c.enabled, c.registered_at, c.updated_at, c.version,
      c.deleted, c.source_info::text as source_info""";

  private static final String FIND =
      "select " + COLUMNS + " from customer c where c.id = $1 and c.workspace_id = $2";

  private static final String FIND_ALL =
      "select " + COLUMNS + " from customer c where c.id = any ($1) and c.workspace_id = $2";

  private static final String FIND_FOR_UPDATE = FIND + " for update";

  /** Customers of any workspace by id, for the search index. */
  private static final String FIND_FOR_INDEX =
      "select " + COLUMNS + " from customer c where c.id = any ($1)";

  /** A keyset page of every customer in id order, for a rebuild of the search index. */
  private static final String PAGE_FOR_INDEX =
      "select "
          + COLUMNS
          + " from customer c where ($1::uuid is null or c.id > $1) order by c.id limit $2";

  private static final String FIND_BY_KEY_FOR_UPDATE =
      "select "
          + COLUMNS
          + " from customer c where c.node_id = $1 and c.unique_key = $2 for update";

  private static final String FIND_BY_IDENTIFIER =
      "select "
          + COLUMNS
          + """
           from customer_identifier i join customer c on c.id = i.customer_id
          where i.node_id = $1 and i.type = $2 and i.value = $3 and c.workspace_id = $4
          order by c.registered_at, c.id""";

  /**
   * Creates a group of customers in one statement (SQL function {@code customer_create}, migration
   * V10); the argument arrays are described at {@link #insert}.
   */
  private static final String INSERT =
      """
      select %s
        from customer_create($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[],
                             $6::text[], $7::boolean[], $8::text[],
                             $9::timestamptz[], $10::timestamptz[], $11::text[],
                             $12::uuid[], $13::text[], $14::text[],
                             $15::uuid[], $16::uuid[], $17::int[], $18::text[]) c"""
          .formatted(COLUMNS);

  private static final String UPDATE =
      """
      update customer c set external_id = $2, unique_key = $3, document = $4::text::jsonb,
        enabled = $5, source_info = $6::text::jsonb,
        updated_at = greatest(date_trunc('milliseconds', now()), updated_at),
        version = version + 1
      where c.id = $1"""
          + " returning "
          + COLUMNS;

  private static final String DELETE =
      "delete from customer c where c.id = $1 and c.workspace_id = $2 returning " + COLUMNS;

  private static final String REPLACE_IDENTIFIERS =
      """
      with k as (select t, v from unnest($4::text[], $5::text[]) as k(t, v)),
      gone as (
        delete from customer_identifier ci where ci.customer_id = $1
        and not exists (select 1 from k where k.t = ci.type and k.v = ci.value))
      insert into customer_identifier (customer_id, workspace_id, node_id, type, value)
      select $1, $2, $3, t, v from k
      on conflict do nothing""";

  /**
   * The customers of entry nodes holding an external id (CU1's {@code externalId} filter): its NFC
   * external-id identifier ($2) in the nodes $1, or its case-folded unique key ($4) in the nodes $3
   * (those whose unique key is the external id alone, case-insensitive); at most $5 ids.
   */
  private static final String IDS_BY_EXTERNAL_ID =
      """
      select i.customer_id as id from customer_identifier i
       where i.node_id = any ($1) and i.type = 'externalId' and i.value = $2
      union
      select c.id from customer c where c.node_id = any ($3) and c.unique_key = $4
      limit $5""";

  /**
   * The customers of the workspace holding one of the unique keys: pair i is (node $2[i], key
   * $3[i]); one range of the unique index (node_id, unique_key) per pair.
   */
  private static final String IDS_BY_UNIQUE_KEYS =
      """
      select c.id from customer c
        join unnest($2::uuid[], $3::text[]) as k(node_id, unique_key)
          on c.node_id = k.node_id and c.unique_key = k.unique_key
       where c.workspace_id = $1""";

  private final Pool pool;
  private final Db db;

  CustomerRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  /** The customer of the workspace with this id, or null. */
  public Uni<Customer> find(UUID workspaceId, UUID id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  /**
   * For the search index: the customers with these ids, of any workspace, in no particular order;
   * ids of customers that no longer exist are left out. One query.
   */
  public Uni<List<Customer>> findForIndex(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(FIND_FOR_INDEX)
        .execute(Tuple.of(Db.uuidArray(ids)))
        .map(rows -> Db.list(rows, this::toCustomer));
  }

  /**
   * For a rebuild of the search index: up to {@code limit} customers of every workspace whose id
   * follows {@code after} (null: from the first), in id order.
   */
  public Uni<List<Customer>> pageForIndex(UUID after, int limit) {
    return pool.preparedQuery(PAGE_FOR_INDEX)
        .execute(Tuple.of(after, limit))
        .map(rows -> Db.list(rows, this::toCustomer));
  }

  /**
   * The customers of the workspace with these ids, in no particular order; missing ids left out.
   */
  Uni<List<Customer>> findAll(UUID workspaceId, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(FIND_ALL)
        .execute(Tuple.of(Db.uuidArray(ids), workspaceId))
        .map(rows -> Db.list(rows, this::toCustomer));
  }

  Uni<Customer> findForUpdate(SqlClient tx, UUID workspaceId, UUID id) {
    return tx.preparedQuery(FIND_FOR_UPDATE)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  Uni<Customer> findByKeyForUpdate(SqlClient tx, UUID nodeId, String uniqueKey) {
    return tx.preparedQuery(FIND_BY_KEY_FOR_UPDATE)
        .execute(Tuple.of(nodeId, uniqueKey))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  /** The node's customers holding identifier {@code type}={@code value} (comparison form). */
  Uni<List<Customer>> findByIdentifier(UUID workspaceId, UUID nodeId, String type, String value) {
    return pool.preparedQuery(FIND_BY_IDENTIFIER)
        .execute(Tuple.of(nodeId, type, value, workspaceId))
        .map(rows -> Db.list(rows, this::toCustomer));
  }

  /**
   * A customer to create with its identifiers, its memberships, its API JSON and the consent-log
   * write of its consents (null when it has no consent value).
   */
  record NewCustomer(
      Customer customer,
      CustomerIdentifiers identifiers,
      List<IdentityService.Membership> memberships,
      ObjectNode json,
      CustomerConsentLog.ConsentWrite consents) {}

  /**
   * Creates customers in one statement (SQL function {@code customer_create}, migration V10): the
   * rows with the timestamps given, their identifiers, their change-log rows (the {@link
   * CustomerJson} document of each, completed with the intId the sequence gave) and their unified
   * customers in the given memberships. A customer whose unique key the node already holds is
   * skipped (a concurrent writer won; the caller merges into it). The result holds those created,
   * in no particular order.
   */
  Uni<List<Customer>> insert(SqlClient client, List<NewCustomer> fresh) {
    return client
        .preparedQuery(INSERT)
        .execute(insertTuple(fresh))
        .map(rows -> Db.list(rows, this::toCustomer));
  }

  private Tuple insertTuple(List<NewCustomer> fresh) {
    int n = fresh.size();
    UUID[] ids = new UUID[n];
    UUID[] workspaces = new UUID[n];
    UUID[] nodes = new UUID[n];
    String[] externalIds = new String[n];
    String[] uniqueKeys = new String[n];
    String[] documents = new String[n];
    Boolean[] enabled = new Boolean[n];
    String[] sourceInfos = new String[n];
    OffsetDateTime[] registeredAt = new OffsetDateTime[n];
    OffsetDateTime[] updatedAt = new OffsetDateTime[n];
    String[] logDocuments = new String[n];
    List<UUID> identifierCustomers = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<UUID> planCustomers = new ArrayList<>();
    List<UUID> planAggregates = new ArrayList<>();
    List<Integer> keyPlans = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NewCustomer f = fresh.get(i);
      Customer c = f.customer();
      ids[i] = c.id();
      workspaces[i] = c.workspaceId();
      nodes[i] = c.nodeId();
      externalIds[i] = c.externalId();
      uniqueKeys[i] = c.uniqueKey();
      documents[i] = db.json(c.document());
      enabled[i] = c.enabled();
      sourceInfos[i] = db.json(c.sourceInfo());
      registeredAt[i] = c.registeredAt();
      updatedAt[i] = c.updatedAt();
      logDocuments[i] = db.json(f.json());
      f.identifiers().types().forEach(t -> identifierCustomers.add(c.id()));
      types.addAll(f.identifiers().types());
      values.addAll(f.identifiers().values());
      for (IdentityService.Membership m : f.memberships()) {
        planCustomers.add(c.id());
        planAggregates.add(m.aggregateNodeId());
        int plan = planCustomers.size();
        m.keys().forEach(k -> keyPlans.add(plan));
        keys.addAll(m.keys());
      }
    }
    return Tuple.from(
        Arrays.asList(
            ids,
            workspaces,
            nodes,
            externalIds,
            uniqueKeys,
            documents,
            enabled,
            sourceInfos,
            registeredAt,
            updatedAt,
            logDocuments,
            Db.uuidArray(identifierCustomers),
            Db.stringArray(types),
            Db.stringArray(values),
            Db.uuidArray(planCustomers),
            Db.uuidArray(planAggregates),
            keyPlans.toArray(new Integer[0]),
            Db.stringArray(keys)));
  }

  Uni<Customer> update(SqlClient tx, Customer c) {
    return tx.preparedQuery(UPDATE)
        .execute(
            Tuple.from(
                Arrays.asList(
                    c.id(),
                    c.externalId(),
                    c.uniqueKey(),
                    db.json(c.document()),
                    c.enabled(),
                    db.json(c.sourceInfo()))))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  Uni<Customer> delete(SqlClient tx, UUID workspaceId, UUID id) {
    return tx.preparedQuery(DELETE)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  /**
   * Makes the customer's identifier rows equal to {@code ids} in one statement: rows no longer
   * present are deleted, new ones inserted.
   */
  Uni<Void> replaceIdentifiers(SqlClient tx, Customer c, CustomerIdentifiers ids) {
    return tx.preparedQuery(REPLACE_IDENTIFIERS)
        .execute(Tuple.of(c.id(), c.workspaceId(), c.nodeId(), ids.typeArray(), ids.valueArray()))
        .replaceWithVoid();
  }

  /** The ids of the customers with that external id (see {@link #IDS_BY_EXTERNAL_ID}). */
  Uni<List<UUID>> idsByExternalId(
      List<UUID> nodes, String identifier, List<UUID> foldedNodes, String foldedKey, int max) {
    return pool.preparedQuery(IDS_BY_EXTERNAL_ID)
        .execute(
            Tuple.from(
                Arrays.asList(
                    Db.uuidArray(nodes), identifier, Db.uuidArray(foldedNodes), foldedKey, max)))
        .map(rows -> Db.list(rows, r -> r.getUUID("id")));
  }

  Customer toCustomer(Row r) {
    return new Customer(
        r.getUUID("id"),
        r.getLong("int_id"),
        r.getUUID("workspace_id"),
        r.getUUID("node_id"),
        r.getString("external_id"),
        r.getString("unique_key"),
        db.object(r.getString("document")),
        r.getBoolean("enabled"),
        r.getOffsetDateTime("registered_at"),
        r.getOffsetDateTime("updated_at"),
        r.getInteger("version"),
        r.getInteger("deleted"),
        (ObjectNode) db.object(r.getString("source_info")));
  }

  /** The ids of the customers holding one of the (node, unique key) pairs; one query. */
  Uni<List<UUID>> idsByUniqueKeys(UUID workspaceId, List<UUID> nodes, List<String> keys) {
    if (nodes.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(IDS_BY_UNIQUE_KEYS)
        .execute(Tuple.of(workspaceId, Db.uuidArray(nodes), Db.stringArray(keys)))
        .map(rows -> Db.list(rows, r -> r.getUUID("id")));
  }

  // ---------------------------------------------- emptying an entry node (CustomerNodeContents)

  /**
   * Deletes every customer of an entry node (identifiers, sessions, memberships and match keys
   * cascade) with a change-log DELETE row for each (set-based).
   */
  private static final String DELETE_NODE_CUSTOMERS =
      """
      with gone as (delete from customer where workspace_id = $1 and node_id = $2 returning id)
      insert into change_log (workspace_id, node_id, entity, entity_id, operation)
      select $1, $2, 'CUSTOMER', id, 'DELETE' from gone
      """;

  /** Removes the customers of an entry node inside {@code tx}; answers how many went. */
  Uni<Integer> deleteNodeCustomers(SqlClient tx, UUID workspaceId, UUID nodeId) {
    return tx.preparedQuery(DELETE_NODE_CUSTOMERS)
        .execute(Tuple.of(workspaceId, nodeId))
        .map(rows -> rows.rowCount());
  }
}
