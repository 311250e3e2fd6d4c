package io.customer360.search;

import io.customer360.common.Db;
import io.customer360.search.SearchDocuments.Activity;
import io.customer360.search.SearchDocuments.EventRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL of the search indexer: its position and reindex requests (tables {@code search_indexer} and
 * {@code search_reindex}, migration V13), the change-log rows it reads, the event rows it indexes
 * and the customers' activity summaries (read-only, set-based: {@code id = any($1)} and keyset
 * pages).
 */
@ApplicationScoped
class IndexerRepository {

  /** A change-log row as the indexer needs it: which entity of which workspace changed. */
  record ChangeRow(long offset, UUID workspaceId, String entity, UUID entityId) {}

  /** A reindex request and its progress. */
  record ReindexRow(long id, String state, long done, long total, String error) {}

  /** Rows counted at most when the lag is measured. */
  static final long LAG_COUNT_CAP = 1_000;

  private static final String POSITION = "select position from search_indexer where prefix = $1";

  private static final String INIT_POSITION =
      """
      insert into search_indexer (prefix, position) values ($1, 0)
      on conflict (prefix) do update set position = 0, updated_at = now()""";

  private static final String STORE_POSITION =
      "update search_indexer set position = $2, updated_at = now() where prefix = $1";

  private static final String CHANGES =
      """
      select "offset", workspace_id, entity, entity_id from change_log
       where "offset" > $1 and "offset" <= $2
       order by "offset" limit $3""";

  private static final String EVENT_COLUMNS =
      """
      id, workspace_id, node_id, customer_id, type, context, mode, date, registered_at,
      updated_at, version, properties::text as properties""";

  private static final String EVENTS =
      "select " + EVENT_COLUMNS + " from event where id = any ($1)";

  private static final String EVENTS_PAGE =
      "select "
          + EVENT_COLUMNS
          + " from event where ($1::uuid is null or id > $1) order by id limit $2";

  /**
   * The activity summary of every listed customer that has events (one statement for a whole
   * batch): newest date, count, and the sum of the numeric {@code properties.amount.total} of its
   * completedOrder events. It reads the events through the index {@code event_customer_date
   * (customer_id, date)} of every partition.
   */
  private static final String ACTIVITY =
      """
      select customer_id, max(date) as last_event_at, count(*) as event_count,
             sum(case when type = 'completedOrder'
                       and jsonb_typeof(properties #> '{amount,total}') = 'number'
                      then (properties #>> '{amount,total}')::numeric end) as lifetime_value
        from event
       where customer_id = any ($1)
       group by customer_id""";

  private static final String COUNT_ALL =
      """
      select (select count(*) from customer) + (select count(*) from unified_customer)
             + (select count(*) from event) as n""";

  private static final String LAG =
      """
      select p.position,
             (select coalesce(max("offset"), 0) from change_log) as last_offset,
             (select count(*) from (select 1 from change_log l where l."offset" > p.position
                                     limit $2) x) as rows,
             coalesce((select extract(epoch from now() - l.created_at)::float8 from change_log l
                        where l."offset" > p.position order by l."offset" limit 1), 0) as seconds
        from search_indexer p where p.prefix = $1""";

  private static final String REQUEST_REINDEX =
      """
      insert into search_reindex (prefix, state)
      select $1, 'REQUESTED'
       where not exists (select 1 from search_reindex
                          where prefix = $1 and state in ('REQUESTED', 'RUNNING'))""";

  private static final String ACTIVE_REINDEX =
      """
      select id, state, done, total, error from search_reindex
       where prefix = $1 and state in ('REQUESTED', 'RUNNING') order by id limit 1""";

  private static final String LATEST_REINDEX =
      """
      select id, state, done, total, error from search_reindex
       where prefix = $1 order by id desc limit 1""";

  private static final String START_REINDEX =
      """
      update search_reindex set state = 'RUNNING', started_at = now(), done = 0, total = $2
       where id = $1""";

  private static final String REINDEX_PROGRESS =
      "update search_reindex set done = $2 where id = $1";

  private static final String END_REINDEX =
      """
      update search_reindex set state = $2, error = $3, finished_at = now() where id = $1""";

  private final Pool pool;
  private final Db db;

  IndexerRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  /** The stored position of the prefix, or null when there is none (indices to rebuild). */
  Uni<Long> position(SqlClient client, String prefix) {
    return client
        .preparedQuery(POSITION)
        .execute(Tuple.of(prefix))
        .map(rows -> Db.first(rows, r -> r.getLong("position")));
  }

  /** Stores position 0 for the prefix (the indices were just created empty). */
  Uni<Void> initPosition(SqlClient client, String prefix) {
    return client.preparedQuery(INIT_POSITION).execute(Tuple.of(prefix)).replaceWithVoid();
  }

  /**
   * Stores the position. The indexer runs it on its lease connection, so a replica that lost its
   * lease can never move the position.
   */
  Uni<Void> storePosition(SqlClient client, String prefix, long position) {
    return client
        .preparedQuery(STORE_POSITION)
        .execute(Tuple.of(prefix, position))
        .replaceWithVoid();
  }

  /** Change-log rows after {@code position} up to {@code horizon}, in offset order. */
  Uni<List<ChangeRow>> changes(long position, long horizon, int limit) {
    return pool.preparedQuery(CHANGES)
        .execute(Tuple.of(position, horizon, limit))
        .map(
            rows ->
                Db.list(
                    rows,
                    r ->
                        new ChangeRow(
                            r.getLong("offset"),
                            r.getUUID("workspace_id"),
                            r.getString("entity"),
                            r.getUUID("entity_id"))));
  }

  /** The events with these ids that still exist (any workspace). */
  Uni<List<EventRow>> events(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return pool.preparedQuery(EVENTS)
        .execute(Tuple.of(Db.uuidArray(ids)))
        .map(rows -> Db.list(rows, this::event));
  }

  /**
   * The activity summary of each of these customers that has events (customers without events are
   * absent from the map), in one statement.
   */
  Uni<Map<UUID, Activity>> activity(Collection<UUID> customerIds) {
    if (customerIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return pool.preparedQuery(ACTIVITY)
        .execute(Tuple.of(Db.uuidArray(List.copyOf(customerIds))))
        .map(
            rows -> {
              Map<UUID, Activity> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getUUID("customer_id"),
                    new Activity(
                        r.getOffsetDateTime("last_event_at"),
                        r.getBigDecimal("lifetime_value"),
                        r.getLong("event_count")));
              }
              return out;
            });
  }

  /** A keyset page of every event in id order, after {@code after} (null: from the first). */
  Uni<List<EventRow>> eventsPage(UUID after, int limit) {
    return pool.preparedQuery(EVENTS_PAGE)
        .execute(Tuple.of(after, limit))
        .map(rows -> Db.list(rows, this::event));
  }

  /** How many documents a full rebuild writes (customers, unified customers, events). */
  Uni<Long> countAll() {
    return pool.query(COUNT_ALL).execute().map(rows -> rows.iterator().next().getLong("n"));
  }

  /**
   * Rows after the position: counted exactly up to {@link #LAG_COUNT_CAP}; beyond, the offset
   * distance to the last row, an upper bound (offsets of rolled-back writes count too) that costs
   * nothing, where counting a large backlog every second would keep a database core busy.
   */
  private static long lagRows(Row r) {
    long counted = r.getLong("rows");
    return counted < LAG_COUNT_CAP
        ? counted
        : Math.max(counted, r.getLong("last_offset") - r.getLong("position"));
  }

  /** The lag of the prefix's indexer, or null before its first start. */
  Uni<IndexerLag> lag(String prefix) {
    return pool.preparedQuery(LAG)
        .execute(Tuple.of(prefix, LAG_COUNT_CAP))
        .map(
            rows ->
                Db.first(
                    rows,
                    r ->
                        new IndexerLag(
                            r.getLong("position"),
                            r.getLong("last_offset"),
                            lagRows(r),
                            r.getDouble("seconds"))));
  }

  /** Stores a reindex request unless one is waiting or running already. */
  /**
   * Stores a reindex request when the workspace holds any customer (a workspace without customers
   * has no document to rebuild).
   */
  Uni<Void> requestReindexIfPopulated(String prefix, java.util.UUID workspaceId) {
    return pool.preparedQuery("select exists (select 1 from customer where workspace_id = $1)")
        .execute(Tuple.of(workspaceId))
        .chain(
            rows ->
                rows.iterator().next().getBoolean(0)
                    ? requestReindex(prefix)
                    : Uni.createFrom().voidItem());
  }

  Uni<Void> requestReindex(String prefix) {
    return pool.preparedQuery(REQUEST_REINDEX).execute(Tuple.of(prefix)).replaceWithVoid();
  }

  /** The oldest waiting or running reindex request, or null. */
  Uni<ReindexRow> activeReindex(String prefix) {
    return pool.preparedQuery(ACTIVE_REINDEX)
        .execute(Tuple.of(prefix))
        .map(rows -> Db.first(rows, IndexerRepository::reindex));
  }

  /** The newest reindex request, or null. */
  Uni<ReindexRow> latestReindex(String prefix) {
    return pool.preparedQuery(LATEST_REINDEX)
        .execute(Tuple.of(prefix))
        .map(rows -> Db.first(rows, IndexerRepository::reindex));
  }

  Uni<Void> startReindex(long id, long total) {
    return pool.preparedQuery(START_REINDEX).execute(Tuple.of(id, total)).replaceWithVoid();
  }

  Uni<Void> reindexProgress(long id, long done) {
    return pool.preparedQuery(REINDEX_PROGRESS).execute(Tuple.of(id, done)).replaceWithVoid();
  }

  /** Ends a reindex as DONE or FAILED (with the error). */
  Uni<Void> endReindex(long id, String state, String error) {
    return pool.preparedQuery(END_REINDEX).execute(Tuple.of(id, state, error)).replaceWithVoid();
  }

  private static ReindexRow reindex(Row r) {
    return new ReindexRow(
        r.getLong("id"),
        r.getString("state"),
        r.getLong("done"),
        r.getLong("total"),
        r.getString("error"));
  }

  private EventRow event(Row r) {
    return new EventRow(
        r.getUUID("id"),
        r.getUUID("workspace_id"),
        r.getUUID("node_id"),
        r.getUUID("customer_id"),
        r.getString("type"),
        r.getString("context"),
        r.getString("mode"),
        r.getOffsetDateTime("date"),
        r.getOffsetDateTime("registered_at"),
        r.getOffsetDateTime("updated_at"),
        r.getInteger("version"),
        db.tree(r.getString("properties")));
  }
}
