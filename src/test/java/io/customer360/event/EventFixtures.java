package io.customer360.event;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Arrays;
import java.util.UUID;

/**
 * Entry customers and sessions written straight into their tables, as the customers feature writes
 * them; binding a session hands its anonymous events over like the customers feature does.
 */
final class EventFixtures {

  private EventFixtures() {}

  static UUID customer(Pool pool, String workspaceId, String nodeId, String externalId) {
    return customer(pool, workspaceId, nodeId, externalId, "{}");
  }

  static UUID customer(
      Pool pool, String workspaceId, String nodeId, String externalId, String consentsJson) {
    UUID id = UUID.randomUUID();
    pool.preparedQuery(
            "insert into customer (id, workspace_id, node_id, external_id, unique_key, document,"
                + " enabled, registered_at, updated_at, version, deleted, source_info)"
                + " values ($1, $2, $3, $4, $5, jsonb_build_object('base', '{}'::jsonb,"
                + " 'consents', $6::text::jsonb), true, now(), now(), 1, 0, '{}'::jsonb)")
        .execute(
            Tuple.from(
                Arrays.asList(
                    id,
                    UUID.fromString(workspaceId),
                    UUID.fromString(nodeId),
                    externalId,
                    externalId == null ? null : externalId.toLowerCase(),
                    consentsJson)))
        .await()
        .indefinitely();
    return id;
  }

  /** Binds a session to a customer and attaches its anonymous events; returns how many. */
  static int bindSession(
      Pool pool,
      CustomerEvents events,
      String workspaceId,
      String nodeId,
      UUID customerId,
      String session) {
    UUID ws = UUID.fromString(workspaceId);
    UUID node = UUID.fromString(nodeId);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "insert into customer_session (id, workspace_id, node_id, customer_id,"
                            + " value) values ($1, $2, $3, $4, $5)")
                    .execute(Tuple.of(UUID.randomUUID(), ws, node, customerId, session))
                    .chain(() -> events.attachSession(tx, ws, node, session, customerId)))
        .await()
        .indefinitely();
  }
}
