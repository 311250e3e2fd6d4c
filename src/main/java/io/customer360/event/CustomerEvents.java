package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** What the customer feature needs from events: export, forget, and binding a session. */
@ApplicationScoped
public class CustomerEvents {

  private final Pool pool;
  private final Db db;
  private final Cache customers;

  CustomerEvents(Pool pool, Db db, @CacheName("event-customers") Cache customers) {
    this.pool = pool;
    this.db = db;
    this.customers = customers;
  }

  /** All events of a customer, oldest first, as API JSON (for export). */
  public Uni<List<JsonNode>> findAll(UUID workspaceId, UUID customerId) {
    return pool.preparedQuery(
            "select jsonb_build_object('id', id, 'customerId', customer_id, 'type', type,"
                + " 'context', context, 'properties', properties, 'contextInfo', context_info,"
                + " 'tracking', tracking, 'bringBackProperties', bring_back, 'date', date,"
                + " 'origin', origin, 'registeredAt', registered_at, 'updatedAt', updated_at,"
                + " 'version', version)::text as e"
                + " from event where workspace_id = $1 and customer_id = $2 order by date, id")
        .execute(Tuple.of(workspaceId, customerId))
        .map(rows -> Db.list(rows, r -> db.tree(r.getString("e"))));
  }

  /** Deletes a customer's events inside the caller's transaction; returns how many. */
  public Uni<Integer> deleteAll(SqlClient tx, UUID workspaceId, UUID customerId) {
    return tx.preparedQuery(
            "with gone as (delete from event where workspace_id = $1 and customer_id = $2"
                + " returning id, node_id) insert into change_log (workspace_id, node_id, entity,"
                + " entity_id, operation) select $1, node_id, 'EVENT', id, 'DELETE' from gone")
        .execute(Tuple.of(workspaceId, customerId))
        .map(rows -> rows.rowCount())
        // a forgotten customer must stop receiving events at once on this replica
        .call(() -> customers.invalidate(customerId));
  }

  /**
   * Gives the anonymous events brought back by this session to the customer it is now bound to,
   * inside the caller's transaction; returns how many events were attached.
   */
  public Uni<Integer> attachSession(
      SqlClient tx, UUID workspaceId, UUID nodeId, String session, UUID customerId) {
    // the same lock as anonymous event writes of this session, so none slips past the binding
    return EventRepository.lockSessions(tx, List.of(nodeId), List.of(session))
        .chain(() -> bind(tx, workspaceId, nodeId, session, customerId));
  }

  private Uni<Integer> bind(
      SqlClient tx, UUID workspaceId, UUID nodeId, String session, UUID customerId) {
    return tx.preparedQuery(
            "with bound as (update event set customer_id = $4, session_value = null,"
                + " updated_at = now(), version = version + 1"
                + " where workspace_id = $1 and node_id = $2 and session_value = $3"
                + " and customer_id is null returning id)"
                + " insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
                + " select $1, $2, 'EVENT', id, 'UPDATE' from bound")
        .execute(Tuple.of(workspaceId, nodeId, session, customerId))
        .map(rows -> rows.rowCount());
  }
}
