package io.customer360.customer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
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

  /** Inserts unless the key exists already (then null: a concurrent writer won; merge into it). */
  /**
   * Inserts a new customer with its identifiers and its change-log row in one statement; null when
   * the node already holds a customer with the same unique key.
   */
  Uni<Customer> insert(SqlClient tx, Customer c, List<String> types, List<String> values) {
    return tx.preparedQuery(
            "with c as (insert into customer (id, workspace_id, node_id, external_id, unique_key,"
                + " document, enabled, registered_at, updated_at, version, deleted, source_info)"
                + " values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, now(), now(), 1, 0,"
                + " $8::text::jsonb) on conflict (node_id, unique_key) do nothing returning *),"
                + " ids as (insert into customer_identifier (customer_id, workspace_id, node_id, type, value)"
                + " select c.id, c.workspace_id, c.node_id, k.t, k.v from c,"
                + " unnest($9::text[], $10::text[]) as k(t, v) on conflict do nothing),"
                + " log as (insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)"
                + " select c.workspace_id, c.node_id, 'CUSTOMER', c.id, 'CREATE', "
                + Customer.SQL_JSON
                + " from c) select "
                + COLUMNS
                + " from c")
        .execute(
            Tuple.from(
                Arrays.asList(
                    c.id(),
                    c.workspaceId(),
                    c.nodeId(),
                    c.externalId(),
                    c.uniqueKey(),
                    db.json(c.document()),
                    c.enabled(),
                    db.json(c.sourceInfo()),
                    types.toArray(new String[0]),
                    values.toArray(new String[0]))))
        .map(rows -> Db.first(rows, this::toCustomer));
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
