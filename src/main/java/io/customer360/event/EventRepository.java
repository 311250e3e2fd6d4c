package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.customer360.event.EventRequests.BringBack;
import io.customer360.event.EventRequests.EventResponse;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL of events and of the customer lookups they need. */
@ApplicationScoped
class EventRepository {

  /** A customer an event may belong to; {@code consents} only when asked for. */
  record CustomerRef(UUID id, UUID workspaceId, UUID nodeId, JsonNode consents) {}

  /** One row to insert; customerId null with sessionValue set for an anonymous event. */
  record NewEvent(
      UUID id,
      UUID nodeId,
      UUID customerId,
      EventType type,
      EventContext context,
      String properties,
      String contextInfo,
      String tracking,
      String bringBack,
      String sessionValue,
      OffsetDateTime date) {}

  /** A stored event with its owner, as read back. */
  record StoredEvent(UUID nodeId, EventResponse event) {}

  static final String COLUMNS =
      "id, node_id, customer_id, type, context, properties::text as properties,"
          + " context_info::text as context_info, tracking::text as tracking,"
          + " bring_back::text as bring_back, date, origin, registered_at, updated_at, version";

  private static final String INSERT =
      "with ins as (insert into event (id, workspace_id, node_id, customer_id, type, context, mode,"
          + " properties, context_info, tracking, bring_back, session_value, date, origin,"
          + " registered_at, updated_at, version)"
          + " select u.id, $1, u.node, u.cust, u.type, u.ctx, u.mode, u.props::jsonb, u.ci::jsonb,"
          + " u.tr::jsonb, u.bb::jsonb, u.sess, u.dt, 'NATIVE', now(), now(), 1"
          + " from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],"
          + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])"
          + " as u(id, node, cust, type, ctx, mode, props, ci, tr, bb, sess, dt)"
          + " returning id, node_id)"
          + " insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
          + " select $1, node_id, 'EVENT', id, 'CREATE' from ins";

  private final Pool pool;
  private final Pool ingest;
  private final Db db;

  EventRepository(Pool pool, @ReactiveDataSource("events") Pool ingest, Db db) {
    this.pool = pool;
    this.ingest = ingest;
    this.db = db;
  }

  Pool pool() {
    return pool;
  }

  /**
   * Connections for storing new events. Ingest is answered 202 Accepted, so these connections may
   * commit asynchronously (customer360 datasource "events", synchronous_commit off by default): a
   * database crash can lose the last fraction of a second of accepted events, never corrupt them.
   */
  Pool ingestPool() {
    return ingest;
  }

  // --- customers ------------------------------------------------------------------------------

  Uni<Map<UUID, CustomerRef>> findCustomers(
      UUID workspaceId, List<UUID> ids, boolean withConsents) {
    String sql =
        "select id, workspace_id, node_id"
            + (withConsents ? ", (document->'consents')::text as consents" : "")
            + " from customer where workspace_id = $1 and id = any($2)";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(workspaceId, Db.uuidArray(ids)))
        .map(
            rows -> {
              Map<UUID, CustomerRef> out = new HashMap<>();
              for (Row r : rows) {
                out.put(r.getUUID("id"), customer(r, withConsents));
              }
              return out;
            });
  }

  /** Looks customers up by (node, external id) pairs; the key is {@code node + '\n' + value}. */
  Uni<Map<String, CustomerRef>> findByExternalIds(
      UUID workspaceId, List<UUID> nodes, List<String> values, boolean withConsents) {
    String sql =
        "select distinct on (c.node_id, c.external_id) c.id, c.workspace_id, c.node_id,"
            + " c.external_id as key"
            + (withConsents ? ", (c.document->'consents')::text as consents" : "")
            + " from customer c join unnest($2::uuid[], $3::text[]) as k(node, value)"
            + " on c.node_id = k.node and c.external_id = k.value"
            + " where c.workspace_id = $1 order by c.node_id, c.external_id, c.registered_at, c.id";
    return keyed(pool, sql, workspaceId, nodes, values, withConsents);
  }

  /** Looks customers up by (node, session) pairs, inside the transaction that holds the locks. */
  Uni<Map<String, CustomerRef>> findBySessions(
      SqlClient tx, UUID workspaceId, List<UUID> nodes, List<String> values, boolean consents) {
    String sql =
        "select c.id, c.workspace_id, c.node_id, s.value as key"
            + (consents ? ", (c.document->'consents')::text as consents" : "")
            + " from customer_session s join unnest($2::uuid[], $3::text[]) as k(node, value)"
            + " on s.node_id = k.node and s.value = k.value"
            + " join customer c on c.id = s.customer_id where s.workspace_id = $1";
    return keyed(tx, sql, workspaceId, nodes, values, consents);
  }

  private Uni<Map<String, CustomerRef>> keyed(
      SqlClient client,
      String sql,
      UUID workspaceId,
      List<UUID> nodes,
      List<String> values,
      boolean withConsents) {
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(workspaceId, Db.uuidArray(nodes), Db.stringArray(values)))
        .map(
            rows -> {
              Map<String, CustomerRef> out = new HashMap<>();
              for (Row r : rows) {
                out.put(key(r.getUUID("node_id"), r.getString("key")), customer(r, withConsents));
              }
              return out;
            });
  }

  static String key(UUID node, String value) {
    return node + "\n" + value;
  }

  private CustomerRef customer(Row r, boolean withConsents) {
    JsonNode consents = withConsents ? db.tree(r.getString("consents")) : null;
    return new CustomerRef(
        r.getUUID("id"), r.getUUID("workspace_id"), r.getUUID("node_id"), consents);
  }

  /**
   * Serialises anonymous writes of a session with its binding ({@link CustomerEvents#attachSession}
   * takes the same locks), so an event is either attached or sees the bound customer.
   */
  static Uni<Void> lockSessions(SqlClient tx, List<UUID> nodes, List<String> values) {
    return tx.preparedQuery(
            "select pg_advisory_xact_lock(h) from (select distinct"
                + " hashtextextended(k.node::text || ':' || k.value, 0) as h"
                + " from unnest($1::uuid[], $2::text[]) as k(node, value) order by 1) l")
        .execute(Tuple.of(Db.uuidArray(nodes), Db.stringArray(values)))
        .replaceWithVoid();
  }

  // --- writes ---------------------------------------------------------------------------------

  /** One statement inserts every event and its change-log row. */
  Uni<Void> insertAll(SqlClient client, UUID workspaceId, List<NewEvent> events) {
    int n = events.size();
    UUID[] ids = new UUID[n];
    UUID[] nodes = new UUID[n];
    UUID[] customers = new UUID[n];
    String[] types = new String[n];
    String[] contexts = new String[n];
    String[] modes = new String[n];
    String[] props = new String[n];
    String[] infos = new String[n];
    String[] trackings = new String[n];
    String[] bringBacks = new String[n];
    String[] sessions = new String[n];
    OffsetDateTime[] dates = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      NewEvent e = events.get(i);
      ids[i] = e.id();
      nodes[i] = e.nodeId();
      customers[i] = e.customerId();
      types[i] = e.type().name();
      contexts[i] = e.context().name();
      modes[i] = e.type().mode().name();
      props[i] = e.properties();
      infos[i] = e.contextInfo();
      trackings[i] = e.tracking();
      bringBacks[i] = e.bringBack();
      sessions[i] = e.sessionValue();
      dates[i] = e.date();
    }
    Tuple t =
        Tuple.from(
            Arrays.asList(
                workspaceId,
                ids,
                nodes,
                customers,
                types,
                contexts,
                modes,
                props,
                infos,
                trackings,
                bringBacks,
                sessions,
                dates));
    return client.preparedQuery(INSERT).execute(t).replaceWithVoid();
  }

  /** Replaces the changeable fields if the version still matches; null when it does not. */
  Uni<StoredEvent> update(
      UUID workspaceId,
      UUID id,
      int version,
      EventContext context,
      String properties,
      String contextInfo,
      String tracking,
      OffsetDateTime date) {
    String sql =
        "with upd as (update event set context = $4, properties = $5::text::jsonb,"
            + " context_info = $6::text::jsonb, tracking = $7::text::jsonb, date = $8,"
            + " updated_at = now(), version = version + 1"
            + " where workspace_id = $1 and id = $2 and version = $3 returning "
            + COLUMNS
            + "), log as (insert into change_log (workspace_id, node_id, entity, entity_id,"
            + " operation) select $1, node_id, 'EVENT', id, 'UPDATE' from upd)"
            + " select * from upd";
    return pool.preparedQuery(sql)
        .execute(
            Tuple.from(
                Arrays.asList(
                    workspaceId,
                    id,
                    version,
                    context.name(),
                    properties,
                    contextInfo,
                    tracking,
                    date)))
        .map(rows -> Db.first(rows, this::stored));
  }

  Uni<Boolean> delete(UUID workspaceId, UUID id) {
    return pool.preparedQuery(
            "with gone as (delete from event where workspace_id = $1 and id = $2"
                + " returning id, node_id) insert into change_log (workspace_id, node_id, entity,"
                + " entity_id, operation) select $1, node_id, 'EVENT', id, 'DELETE' from gone")
        .execute(Tuple.of(workspaceId, id))
        .map(rows -> rows.rowCount() > 0);
  }

  // --- reads ----------------------------------------------------------------------------------

  Uni<StoredEvent> find(UUID workspaceId, UUID id) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from event where workspace_id = $1 and id = $2")
        .execute(Tuple.of(workspaceId, id))
        .map(rows -> Db.first(rows, this::stored));
  }

  /** The customer's events just before and after this one, ordered by (date, id). */
  Uni<UUID[]> neighbours(UUID customerId, OffsetDateTime date, UUID id) {
    return pool.preparedQuery(
            "select (select id from event where customer_id = $1 and (date, id) < ($2, $3)"
                + " order by date desc, id desc limit 1) as prev,"
                + " (select id from event where customer_id = $1 and (date, id) > ($2, $3)"
                + " order by date, id limit 1) as next")
        .execute(Tuple.of(customerId, date, id))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new UUID[] {r.getUUID("prev"), r.getUUID("next")};
            });
  }

  /** A search's filters as SQL and parameters ($1 is the workspace). */
  record Filter(String where, List<Object> params) {}

  Uni<Long> count(Filter f, int cap) {
    return pool.preparedQuery(
            "select count(*) as n from (select 1 from event where "
                + f.where()
                + " limit "
                + cap
                + ") c")
        .execute(Tuple.from(f.params()))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  Uni<List<EventResponse>> page(Filter f, long offset, int size) {
    List<Object> params = new ArrayList<>(f.params());
    params.add(size);
    params.add(offset);
    int n = params.size();
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from event where "
                + f.where()
                + " order by date desc, id desc limit $"
                + (n - 1)
                + " offset $"
                + n)
        .execute(Tuple.from(params))
        .map(rows -> Db.list(rows, r -> stored(r).event()));
  }

  StoredEvent stored(Row r) {
    String bb = r.getString("bring_back");
    EventResponse e =
        new EventResponse(
            r.getUUID("id"),
            r.getUUID("customer_id"),
            bb == null ? null : db.read(bb, BringBack.class),
            r.getString("type"),
            db.tree(r.getString("properties")),
            r.getString("context"),
            db.tree(r.getString("context_info")),
            r.getOffsetDateTime("date"),
            r.getString("origin"),
            null,
            null,
            db.tree(r.getString("tracking")),
            r.getOffsetDateTime("registered_at"),
            r.getOffsetDateTime("updated_at"),
            r.getInteger("version"));
    return new StoredEvent(r.getUUID("node_id"), e);
  }

  // ------------------------------------------------ emptying an entry node (EventNodeContents)

  /** Deletes every event of an entry node with a change-log DELETE row for each (set-based). */
  private static final String DELETE_NODE_EVENTS =
      """
      with gone as (delete from event where workspace_id = $1 and node_id = $2 returning id)
      insert into change_log (workspace_id, node_id, entity, entity_id, operation)
      select $1, $2, 'EVENT', id, 'DELETE' from gone
      """;

  /** Removes the events of an entry node inside {@code tx}; answers how many went. */
  Uni<Integer> deleteNodeEvents(SqlClient tx, UUID workspaceId, UUID nodeId) {
    return tx.preparedQuery(DELETE_NODE_EVENTS)
        .execute(Tuple.of(workspaceId, nodeId))
        .map(rows -> rows.rowCount());
  }
}
