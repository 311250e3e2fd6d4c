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

/** SQL of {@code customer_session}, the table the session feature owns. */
@ApplicationScoped
public class SessionRepository {

  /** A session row and the customer that holds its value. */
  record Binding(Session session, UUID customerId) {}

  private static final String LIST =
      """
      select id, value from customer_session where workspace_id = $1 and customer_id = $2
      order by created_at, id""";

  /** By id or by value: clients know the value they created. */
  private static final String FIND =
      """
      select id, value from customer_session
      where workspace_id = $1 and customer_id = $2 and (id::text = $3 or value = $3)
      order by (id::text = $3) desc limit 1""";

  /**
   * Inserts the binding, or locks and answers the row that already holds the value in the node
   * (whoever holds it): the caller compares its customer.
   */
  private static final String BIND =
      """
      insert into customer_session (id, workspace_id, node_id, customer_id, value)
      values ($1, $2, $3, $4, $5)
      on conflict (node_id, value) do update set value = excluded.value
      returning id, value, customer_id""";

  private static final String DELETE =
      """
      delete from customer_session where id = (
        select id from customer_session
        where workspace_id = $1 and customer_id = $2 and (id::text = $3 or value = $3)
        order by (id::text = $3) desc limit 1)
      returning id, value""";

  private final Pool pool;

  SessionRepository(Pool pool) {
    this.pool = pool;
  }

  Uni<List<Session>> list(UUID workspaceId, UUID customerId) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(workspaceId, customerId))
        .map(rows -> Db.list(rows, SessionRepository::toSession));
  }

  Uni<Session> find(UUID workspaceId, UUID customerId, String idOrValue) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(workspaceId, customerId, idOrValue))
        .map(rows -> Db.first(rows, SessionRepository::toSession));
  }

  /** The row holding {@code value} in the node after this statement, new or existing. */
  Uni<Binding> bind(SqlClient tx, UUID workspaceId, UUID nodeId, UUID customerId, String value) {
    return tx.preparedQuery(BIND)
        .execute(Tuple.of(UUID.randomUUID(), workspaceId, nodeId, customerId, value))
        .map(rows -> Db.first(rows, r -> new Binding(toSession(r), r.getUUID("customer_id"))));
  }

  Uni<Session> delete(SqlClient tx, UUID workspaceId, UUID customerId, String idOrValue) {
    return tx.preparedQuery(DELETE)
        .execute(Tuple.of(workspaceId, customerId, idOrValue))
        .map(rows -> Db.first(rows, SessionRepository::toSession));
  }

  private static Session toSession(Row r) {
    return new Session(r.getUUID("id"), r.getString("value"));
  }
}
