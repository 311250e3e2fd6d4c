package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.customer.CustomerEventStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The event feature's side of {@link CustomerEventStore}: delegates to {@link CustomerEvents}. */
@ApplicationScoped
class CustomerEventStoreAdapter implements CustomerEventStore {

  private final CustomerEvents events;

  CustomerEventStoreAdapter(CustomerEvents events) {
    this.events = events;
  }

  @Override
  public Uni<List<JsonNode>> findAll(UUID workspaceId, UUID customerId) {
    return events.findAll(workspaceId, customerId);
  }

  @Override
  public Uni<Integer> deleteAll(SqlClient tx, UUID workspaceId, UUID customerId) {
    return events.deleteAll(tx, workspaceId, customerId);
  }

  @Override
  public Uni<Integer> attachSession(
      SqlClient tx, UUID workspaceId, UUID nodeId, String session, UUID customerId) {
    return events.attachSession(tx, workspaceId, nodeId, session, customerId);
  }
}
