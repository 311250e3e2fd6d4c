package io.customer360.customer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * SQL of the tables the customer feature owns: {@code customer}, {@code customer_identifier} and
 * the FORCED_DELETE rows of {@code consent_log}. One named statement per method.
 */
@ApplicationScoped
public class CustomerRepository {

  /** The customer columns every read selects, from a row aliased {@code c}. */
  private static final String COLUMNS =
      """
      c.id, c.int_id, c.workspace_id, c.node_id, c.external_id, c.unique_key,
      c.document::text as document, c.enabled, c.registered_at, c.updated_at, c.version,
      c.deleted, c.source_info::text as source_info""";

  /** The sortable fields of a customer search (CU1) and their columns. */
  static final Map<String, String> SORTS =
      Map.of(
          "updatedAt", "updated_at",
          "registeredAt", "registered_at",
          "externalId", "external_id",
          "intId", "int_id",
          "id", "id");

  static final String DEFAULT_ORDER = "updated_at desc, id desc";

  private static final String FIND =
      "select " + COLUMNS + " from customer c where c.id = $1 and c.workspace_id = $2";

  private static final String FIND_FOR_UPDATE = FIND + " for update";

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
   * The change-log row of a created customer, written in the same statement: its data is the
   * customer's API JSON rendered by {@link CustomerJson} ($12), completed with the intId the
   * sequence gave.
   */
  private static final String LOG_CREATED =
      """
      log as (insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)
        select c.workspace_id, c.node_id, 'CUSTOMER', c.id, 'CREATE',
               $12::text::jsonb || jsonb_build_object('intId', c.int_id)
        from c)""";

  private static final String INSERT =
      """
      with c as (
        insert into customer (id, workspace_id, node_id, external_id, unique_key, document,
                              enabled, registered_at, updated_at, version, deleted, source_info)
        values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $8, 1, 0, $9::text::jsonb)
        on conflict (node_id, unique_key) do nothing
        returning *),
      ids as (
        insert into customer_identifier (customer_id, workspace_id, node_id, type, value)
        select c.id, c.workspace_id, c.node_id, k.t, k.v
        from c, unnest($10::text[], $11::text[]) as k(t, v)
        on conflict do nothing),
      """
          + LOG_CREATED
          + "\nselect "
          + COLUMNS
          + " from c";

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
   * A page of a node's customers with the capped count of matches and the count of the node's
   * customers before the filter ($4: an externalId in its comparison form, or null). The counts
   * come back even when the page is empty ({@code size=0}): one row of nulls then.
   */
  private static final String PAGE =
      """
      with matches as (
        select c.* from customer c
        where c.node_id = $1
          and ($4::text is null or c.id in (
            select i.customer_id from customer_identifier i
            where i.node_id = $1 and i.type = 'externalId' and i.value = $4))
        order by %1$s limit $5),
      counts as (
        select (select count(*) from matches) as total,
               (select count(*) from customer where node_id = $1) as unfiltered)
      select p.*, counts.total, counts.unfiltered from counts
      left join lateral (
        select %2$s from matches c order by %1$s limit $2 offset $3) p on true""";

  private static final String LOG_FORCED_DELETE =
      """
      insert into consent_log (workspace_id, customer_id, type, source_id, user_id)
      values ($1, $2, 'FORCED_DELETE', $3, $4)""";

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
   * Inserts a new customer with its identifiers and its change-log row ({@code json}, the API JSON
   * without intId) in one statement; null when the node already holds a customer with the same
   * unique key. The row's timestamps are {@code c.registeredAt()}.
   */
  Uni<Customer> insert(SqlClient tx, Customer c, CustomerIdentifiers ids, ObjectNode json) {
    return tx.preparedQuery(INSERT)
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
                    c.registeredAt(),
                    db.json(c.sourceInfo()),
                    ids.typeArray(),
                    ids.valueArray(),
                    db.json(json))))
        .map(rows -> Db.first(rows, this::toCustomer));
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

  /** A page of a node's customers (see {@link #PAGE}); {@code sort} as CU1 takes it. */
  Uni<CustomerPage> page(
      UUID nodeId, String externalIdKey, String sort, PageRequest page, int cap) {
    String orderBy = orderBy(sort);
    return pool.preparedQuery(PAGE.formatted(orderBy, COLUMNS))
        .execute(Tuple.of(nodeId, page.size(), page.offset(), externalIdKey, cap))
        .map(this::toPage);
  }

  /** The customers of one page with the count of matches and of the node's customers. */
  record CustomerPage(List<Customer> customers, long total, long unfiltered) {}

  private CustomerPage toPage(RowSet<Row> rows) {
    List<Customer> customers = new java.util.ArrayList<>();
    long total = 0;
    long unfiltered = 0;
    for (Row r : rows) {
      total = r.getLong("total");
      unfiltered = r.getLong("unfiltered");
      if (r.getUUID("id") != null) {
        customers.add(toCustomer(r));
      }
    }
    return new CustomerPage(customers, total, unfiltered);
  }

  /**
   * The ORDER BY of a CU1 sort: {@code field} or {@code field,asc|desc} with field one of {@link
   * #SORTS}; blank: updatedAt descending. Anything else (an empty field or direction, extra parts,
   * an unknown field) is a 400 naming {@code sort} (issue 13, fault 4).
   */
  static String orderBy(String sort) {
    if (sort == null || sort.isBlank()) {
      return DEFAULT_ORDER;
    }
    String[] parts = sort.split(",", -1);
    String column = SORTS.get(parts[0].trim());
    String dir = parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
    if (column == null || parts.length > 2 || !(dir.equals("asc") || dir.equals("desc"))) {
      throw ApiException.badRequest(
          "sort",
          "must be field or field,asc|desc with field one of "
              + String.join(", ", new TreeSet<>(SORTS.keySet())));
    }
    return column.equals("id") ? "id " + dir : column + " " + dir + ", id " + dir;
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
    return tx.preparedQuery(LOG_FORCED_DELETE)
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
