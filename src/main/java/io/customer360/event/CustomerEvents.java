package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.stream.ChangeLog.Operation;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * What the customer feature needs from events: export (X1), forget (F1), and handing a bound
 * session's anonymous events to its customer. Writes run inside the caller's transaction and log
 * their change-log rows there.
 */
@ApplicationScoped
public class CustomerEvents {

  private final EventRepository repository;
  private final EventCustomers owners;
  private final EventLog log;
  private final Db db;
  private final Cache customers;

  CustomerEvents(
      EventRepository repository,
      EventCustomers owners,
      EventLog log,
      Db db,
      @CacheName("event-customers") Cache customers) {
    this.repository = repository;
    this.owners = owners;
    this.log = log;
    this.db = db;
    this.customers = customers;
  }

  /**
   * All events of a customer, oldest first, in the events' one wire shape (for export). A unified
   * customer's events are those of its members (issue 13, fault 15).
   */
  public Uni<List<JsonNode>> findAll(UUID workspaceId, UUID customerId) {
    return owners
        .owners(workspaceId, customerId)
        .chain(ids -> repository.findOfCustomers(workspaceId, ids))
        .map(this::asJson);
  }

  private List<JsonNode> asJson(List<EventResponse> events) {
    return events.stream().map(e -> (JsonNode) db.mapper().valueToTree(e)).toList();
  }

  /** Deletes a customer's events inside the caller's transaction; returns how many. */
  public Uni<Integer> deleteAll(SqlClient tx, UUID workspaceId, UUID customerId) {
    return repository
        .deleteOfCustomer(tx, workspaceId, customerId)
        .call(gone -> log.record(tx, workspaceId, Operation.DELETE, gone))
        .map(List::size)
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
        .chain(() -> repository.attachSession(tx, workspaceId, nodeId, session, customerId))
        .call(attached -> log.record(tx, workspaceId, Operation.UPDATE, attached))
        .map(List::size);
  }
}
