package io.customer360.session;

import io.customer360.common.Db;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** SQL for customer sessions. */
@ApplicationScoped
public class SessionRepository {

  private final Pool pool;

  SessionRepository(Pool pool) {
    this.pool = pool;
  }

  Uni<List<Session>> list(UUID workspaceId, UUID customerId) {
    return pool.preparedQuery(
            "select id, value from customer_session where workspace_id = $1 and customer_id = $2"
                + " order by created_at, id")
        .execute(Tuple.of(workspaceId, customerId))
        .map(rows -> Db.list(rows, SessionRepository::toSession));
  }

  /** By id or by value: clients know the value they created. */
  Uni<Session> find(UUID workspaceId, UUID customerId, String idOrValue) {
    return pool.preparedQuery(
            "select id, value from customer_session where workspace_id = $1 and customer_id = $2"
                + " and (id::text = $3 or value = $3) order by (id::text = $3) desc limit 1")
        .execute(Tuple.of(workspaceId, customerId, idOrValue))
        .map(rows -> Db.first(rows, SessionRepository::toSession));
  }

  /** Null when the node already has this value. */
  Uni<Session> insert(SqlClient tx, UUID workspaceId, UUID nodeId, UUID customerId, String value) {
    return tx.preparedQuery(
            "insert into customer_session (id, workspace_id, node_id, customer_id, value)"
                + " values ($1, $2, $3, $4, $5) on conflict (node_id, value) do nothing"
                + " returning id, value")
        .execute(Tuple.of(UUID.randomUUID(), workspaceId, nodeId, customerId, value))
        .map(rows -> Db.first(rows, SessionRepository::toSession));
  }

  Uni<Session> delete(SqlClient tx, UUID workspaceId, UUID customerId, String idOrValue) {
    return tx.preparedQuery(
            "delete from customer_session where id = (select id from customer_session"
                + " where workspace_id = $1 and customer_id = $2 and (id::text = $3 or value = $3)"
                + " order by (id::text = $3) desc limit 1) returning id, value")
        .execute(Tuple.of(workspaceId, customerId, idOrValue))
        .map(rows -> Db.first(rows, SessionRepository::toSession));
  }

  private static Session toSession(Row r) {
    return new Session(r.getUUID("id"), r.getString("value"));
  }
}
