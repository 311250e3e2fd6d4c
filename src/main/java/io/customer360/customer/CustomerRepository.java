package io.customer360.customer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.customer360.identity.IdentityService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL for entry customers and their identifiers. */
@ApplicationScoped
public class CustomerRepository {

  static final String COLUMNS =
      "id, int_id, workspace_id, node_id, external_id, unique_key, document::text as document,"
          + " enabled, registered_at, updated_at, version, deleted, source_info::text as source_info";

  private final Pool pool;
  private final Db db;

  CustomerRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  public Uni<Customer> find(UUID workspaceId, UUID id) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from customer where id = $1 and workspace_id = $2")
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  Uni<Customer> findForUpdate(SqlClient tx, UUID workspaceId, UUID id) {
    return tx.preparedQuery(
            "select " + COLUMNS + " from customer where id = $1 and workspace_id = $2 for update")
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  Uni<Customer> findByKeyForUpdate(SqlClient tx, UUID nodeId, String uniqueKey) {
    return tx.preparedQuery(
            "select "
                + COLUMNS
                + " from customer where node_id = $1 and unique_key = $2 for update")
        .execute(Tuple.of(nodeId, uniqueKey))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  /**
   * Creates customers in one statement (SQL function {@code customer_create}, migration V10): the
   * rows, their identifiers, their change-log rows and their unified customers in the given
   * memberships. A customer whose unique key the node already holds is skipped (a concurrent writer
   * won; the caller merges into it).
   */
  static final String INSERT =
      """
      select %s
        from customer_create($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[],
                             $6::text[], $7::boolean[], $8::text[],
                             $9::uuid[], $10::text[], $11::text[],
                             $12::uuid[], $13::uuid[], $14::int[], $15::text[])"""
          .formatted(COLUMNS);

  /** A customer to create with its identifiers and its memberships in aggregate nodes. */
  record NewCustomer(
      Customer customer,
      List<String> types,
      List<String> values,
      List<IdentityService.Membership> memberships) {}

  /**
   * Creates the customers; the result holds those created (not those whose unique key was taken),
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
      f.types().forEach(t -> identifierCustomers.add(c.id()));
      types.addAll(f.types());
      values.addAll(f.values());
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
            Db.uuidArray(identifierCustomers),
            Db.stringArray(types),
            Db.stringArray(values),
            Db.uuidArray(planCustomers),
            Db.uuidArray(planAggregates),
            keyPlans.toArray(new Integer[0]),
            Db.stringArray(keys)));
  }

  Uni<Customer> update(SqlClient tx, Customer c) {
    return tx.preparedQuery(
            "update customer set external_id = $2, unique_key = $3, document = $4::text::jsonb,"
                + " enabled = $5, source_info = $6::text::jsonb,"
                + " updated_at = greatest(now(), updated_at), version = version + 1"
                + " where id = $1 returning "
                + COLUMNS)
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
    return tx.preparedQuery(
            "delete from customer where id = $1 and workspace_id = $2 returning " + COLUMNS)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toCustomer));
  }

  /**
   * Makes the customer's identifier rows equal to {@code types[i]/values[i]} in one statement: rows
   * no longer present are deleted, new ones inserted.
   */
  Uni<Void> replaceIdentifiers(SqlClient tx, Customer c, List<String> types, List<String> values) {
    return tx.preparedQuery(
            "with k as (select t, v from unnest($4::text[], $5::text[]) as k(t, v)),"
                + " gone as (delete from customer_identifier ci where ci.customer_id = $1"
                + " and not exists (select 1 from k where k.t = ci.type and k.v = ci.value))"
                + " insert into customer_identifier (customer_id, workspace_id, node_id, type, value)"
                + " select $1, $2, $3, t, v from k on conflict do nothing")
        .execute(identifierTuple(c, types, values))
        .replaceWithVoid();
  }

  private static Tuple identifierTuple(Customer c, List<String> types, List<String> values) {
    return Tuple.of(
        c.id(),
        c.workspaceId(),
        c.nodeId(),
        types.toArray(new String[0]),
        values.toArray(new String[0]));
  }

  /** A page of a node's customers with the window total; sort is a vetted column list. */
  Uni<RowSet<Row>> page(UUID nodeId, String externalId, String orderBy, PageRequest page, int cap) {
    String where = externalId == null ? "" : " and external_id = $4";
    String sql =
        "select "
            + COLUMNS
            + ", count(*) over () as total from (select * from customer where node_id = $1"
            + where
            + " order by "
            + orderBy
            + " limit "
            + cap
            + ") customer order by "
            + orderBy
            + " limit $2 offset $3";
    Tuple t = Tuple.of(nodeId, page.size(), page.offset());
    if (externalId != null) {
      t.addString(externalId);
    }
    return pool.preparedQuery(sql).execute(t);
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

  Uni<Void> logForcedDelete(
      SqlClient tx, UUID workspaceId, UUID customerId, UUID sourceId, Integer userId) {
    return tx.preparedQuery(
            "insert into consent_log (workspace_id, customer_id, type, source_id, user_id)"
                + " values ($1, $2, 'FORCED_DELETE', $3, $4)")
        .execute(Tuple.from(Arrays.asList(workspaceId, customerId, sourceId, userId)))
        .replaceWithVoid();
  }
}
