package io.customer360.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.customer360.consent.ConsentLogResponses.ConsentLogResponse;
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

/**
 * SQL of {@code consent_log}, which the consent feature owns (migrations V1, V15): the set-based
 * append and the K1/K2 reads. One named statement per method.
 */
@ApplicationScoped
class ConsentLogRepository {

  /**
   * A K2 search's filters, already resolved to ids; null means "any". {@code readableNodes} limits
   * a person to the nodes they may read (null: every node) and also applies to the unfiltered
   * count; {@code from} is inclusive, {@code until} exclusive.
   */
  record Filter(
      UUID workspaceId,
      Set<UUID> readableNodes,
      List<UUID> customerIds,
      List<UUID> nodeIds,
      List<ConsentEventType> types,
      List<String> properties,
      OffsetDateTime from,
      OffsetDateTime until,
      boolean ascending) {

    /** The same search without the request's filters: what the caller may read. */
    Filter readable() {
      return new Filter(workspaceId, readableNodes, null, null, null, null, null, null, false);
    }

    /** The filters alone, without the order: what a count depends on. */
    Filter countKey() {
      return ascending
          ? new Filter(
              workspaceId,
              readableNodes,
              customerIds,
              nodeIds,
              types,
              properties,
              from,
              until,
              false)
          : this;
    }

    /** Whether the request filters the entries the caller may read. */
    boolean filters() {
      return customerIds != null
          || nodeIds != null
          || types != null
          || properties != null
          || from != null
          || until != null;
    }
  }

  /** A page of entries and how many match, at most the cap. */
  record Page(List<ConsentLogResponse> entries, long total) {}

  private static final String COLUMNS =
      """
      id, customer_id, node_id, date, type, property, value::text as value, source_id, user_id""";

  /**
   * The entries of a batch in one statement, in list order (ids follow it); a null date is the
   * transaction's time.
   */
  private static final String APPEND =
      """
      insert into consent_log
        (workspace_id, customer_id, node_id, date, type, property, value, source_id, user_id)
      select w, c, n, coalesce(d, now()), t, p, v::jsonb, s, u
        from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[],
                    $6::text[], $7::text[], $8::uuid[], $9::int[])
             with ordinality as x(w, c, n, d, t, p, v, s, u, i)
       order by i""";

  private static final String FIND =
      "select " + COLUMNS + " from consent_log where id = $1 and workspace_id = $2";

  /** A page and its count in one statement; %1$s the WHERE, %2$s the count's column. */
  private static final String SEARCH_PAGE =
      """
      select %3$s, %2$s from consent_log where %1$s
       order by date %4$s, id %4$s limit $%5$d offset $%6$d""";

  /**
   * A page over several properties: the first offset + size entries of each property ($%7$d, one
   * ordered range of the property index each), merged; %1$s the WHERE for one property {@code
   * p.property}. One plain range over all of them would either sort every match or, for rare
   * properties, walk the workspace's whole date index.
   */
  private static final String SEARCH_PAGE_BY_PROPERTY =
      """
      select %3$s, %2$s from (
        select l.* from unnest($%7$d::text[]) as p(property)
        cross join lateral (select * from consent_log where %1$s
                             order by date %4$s, id %4$s limit $%8$d) l) e
       order by date %4$s, id %4$s limit $%5$d offset $%6$d""";

  private static final String COUNT =
      "(select count(*) from (select 1 from consent_log where %s limit %d) c)";

  // WHERE fragments; %d is the parameter's position
  private static final String BY_WORKSPACE = "workspace_id = $1";
  private static final String BY_READABLE_NODES = " and node_id = any($%d)";
  private static final String BY_CUSTOMER = " and customer_id = $%d";
  private static final String BY_CUSTOMERS = " and customer_id = any($%d)";
  private static final String BY_NODE = " and node_id = $%d";
  private static final String BY_NODES = " and node_id = any($%d)";
  private static final String BY_TYPE = " and type = $%d";
  private static final String BY_TYPES = " and type = any($%d)";
  private static final String BY_PROPERTY = " and property = $%d";
  private static final String BY_PROPERTIES = " and property = any($%d)";
  private static final String BY_EACH_PROPERTY = " and property = p.property";

  private static final String FROM_DATE = " and date >= $%d";
  private static final String UNTIL_DATE = " and date < $%d";

  private final Pool pool;
  private final Db db;

  ConsentLogRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  /** Appends the entries in one statement through {@code client}; nothing when there are none. */
  Uni<Void> append(SqlClient client, List<ConsentEntry> entries) {
    if (entries.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = entries.size();
    UUID[] workspaces = new UUID[n];
    UUID[] customers = new UUID[n];
    UUID[] nodes = new UUID[n];
    OffsetDateTime[] dates = new OffsetDateTime[n];
    String[] types = new String[n];
    String[] properties = new String[n];
    String[] values = new String[n];
    UUID[] sources = new UUID[n];
    Integer[] users = new Integer[n];
    for (int i = 0; i < n; i++) {
      ConsentEntry e = entries.get(i);
      workspaces[i] = e.workspaceId();
      customers[i] = e.customerId();
      nodes[i] = e.nodeId();
      dates[i] = e.date();
      types[i] = e.type().name();
      properties[i] = e.property();
      values[i] = e.value() == null || e.value().isNull() ? null : db.json(e.value());
      sources[i] = e.sourceId();
      users[i] = e.userId();
    }
    return client
        .preparedQuery(APPEND)
        .execute(
            Tuple.from(
                Arrays.asList(
                    workspaces,
                    customers,
                    nodes,
                    dates,
                    types,
                    properties,
                    values,
                    sources,
                    users)))
        .replaceWithVoid();
  }

  /** The entry of the workspace with this id, or null. */
  Uni<ConsentLogResponse> find(UUID workspaceId, long id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toResponse));
  }

  /**
   * A page of a search in date order, then id (newest first unless {@code ascending}), with how
   * many entries match (at most {@code cap}): one statement, and a second for the count only when
   * the page is empty. {@code saturated}: the filters are known to match at least {@code cap}
   * entries, so nothing is counted.
   */
  Uni<Page> search(Filter f, long offset, int size, int cap, boolean saturated) {
    Where where = where(f);
    String count =
        saturated
            ? cap + "::bigint as total"
            : COUNT.formatted(where.filtered(), cap) + " as total";
    if (size == 0) {
      return count(where, cap, saturated).map(total -> new Page(List.of(), total));
    }
    List<Object> params = new ArrayList<>(where.params());
    params.add(size);
    params.add(offset);
    String order = f.ascending() ? "asc" : "desc";
    String sql;
    if (where.perProperty() != null && f.customerIds() == null) {
      params.add((int) Math.min(Integer.MAX_VALUE, offset + size));
      sql =
          SEARCH_PAGE_BY_PROPERTY.formatted(
              where.perProperty(),
              count,
              COLUMNS,
              order,
              params.size() - 2,
              params.size() - 1,
              where.propertiesParam(),
              params.size());
    } else {
      sql =
          SEARCH_PAGE.formatted(
              where.filtered(), count, COLUMNS, order, params.size() - 1, params.size());
    }
    return pool.preparedQuery(sql)
        .execute(Tuple.from(params))
        .chain(
            rows ->
                rows.size() == 0
                    ? count(where, cap, saturated).map(total -> new Page(List.of(), total))
                    : Uni.createFrom().item(page(rows)));
  }

  /** How many entries match the filters, at most {@code cap}; one statement. */
  Uni<Long> count(Filter f, int cap) {
    return count(where(f), cap, false);
  }

  private Uni<Long> count(Where where, int cap, boolean saturated) {
    if (saturated) {
      return Uni.createFrom().item((long) cap);
    }
    return pool.preparedQuery("select " + COUNT.formatted(where.filtered(), cap) + " as total")
        .execute(Tuple.from(where.params()))
        .map(rows -> rows.iterator().next().getLong("total"));
  }

  private Page page(RowSet<Row> rows) {
    return new Page(Db.list(rows, this::toResponse), rows.iterator().next().getLong("total"));
  }

  /**
   * A search's WHERE over its parameter list; with several properties also the WHERE for one
   * property {@code p.property} and the position of the properties' array.
   */
  private record Where(
      String filtered, List<Object> params, String perProperty, int propertiesParam) {}

  private static Where where(Filter f) {
    List<Object> params = new ArrayList<>();
    params.add(f.workspaceId());
    StringBuilder sql = new StringBuilder(BY_WORKSPACE);
    if (f.readableNodes() != null) {
      add(sql, params, BY_READABLE_NODES, f.readableNodes().toArray(new UUID[0]));
    }
    if (f.customerIds() != null) {
      addOneOrMany(sql, params, BY_CUSTOMER, BY_CUSTOMERS, Db.uuidArray(f.customerIds()));
    }
    if (f.nodeIds() != null) {
      addOneOrMany(sql, params, BY_NODE, BY_NODES, Db.uuidArray(f.nodeIds()));
    }
    if (f.types() != null) {
      addOneOrMany(
          sql,
          params,
          BY_TYPE,
          BY_TYPES,
          f.types().stream().map(Enum::name).toArray(String[]::new));
    }
    if (f.from() != null) {
      add(sql, params, FROM_DATE, f.from());
    }
    if (f.until() != null) {
      add(sql, params, UNTIL_DATE, f.until());
    }
    List<String> properties = f.properties();
    if (properties == null) {
      return new Where(sql.toString(), params, null, 0);
    }
    if (properties.size() == 1) {
      add(sql, params, BY_PROPERTY, properties.get(0));
      return new Where(sql.toString(), params, null, 0);
    }
    String perProperty = sql + BY_EACH_PROPERTY;
    add(sql, params, BY_PROPERTIES, properties.toArray(new String[0]));
    return new Where(sql.toString(), params, perProperty, params.size());
  }

  /**
   * One value compares with {@code =}, so the index range keeps its date order (an {@code = any} of
   * a generic plan would not); several with {@code = any}.
   */
  private static void addOneOrMany(
      StringBuilder sql, List<Object> params, String one, String many, Object[] values) {
    if (values.length == 1) {
      add(sql, params, one, values[0]);
    } else {
      add(sql, params, many, values);
    }
  }

  private static void add(StringBuilder sql, List<Object> params, String fragment, Object value) {
    params.add(value);
    sql.append(fragment.formatted(params.size()));
  }

  private ConsentLogResponse toResponse(Row r) {
    JsonNode value = db.tree(r.getString("value"));
    return new ConsentLogResponse(
        r.getLong("id"),
        r.getUUID("customer_id"),
        r.getUUID("node_id"),
        r.getOffsetDateTime("date"),
        ConsentEventType.valueOf(r.getString("type")),
        r.getString("property"),
        value,
        r.getUUID("source_id"),
        r.getInteger("user_id"));
  }
}
