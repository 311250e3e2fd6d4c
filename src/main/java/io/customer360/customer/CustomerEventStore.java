package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.List;
import java.util.UUID;

/**
 * What the customer and session features need from the event feature (dependency inversion: the
 * event feature sits above them and implements this as a CDI bean).
 */
public interface CustomerEventStore {

  /** All events of a customer, oldest first, as event API JSON (export, spec §1.14 X1). */
  Uni<List<JsonNode>> findAll(UUID workspaceId, UUID customerId);

  /**
   * Deletes a customer's events inside the caller's transaction (forget, spec §1.14 F1), with their
   * change-log rows; answers how many.
   */
  Uni<Integer> deleteAll(SqlClient tx, UUID workspaceId, UUID customerId);

  /**
   * Gives the anonymous events brought back by this session value to the customer now bound to it,
   * inside the caller's transaction; answers how many.
   */
  Uni<Integer> attachSession(
      SqlClient tx, UUID workspaceId, UUID nodeId, String session, UUID customerId);
}
