package io.customer360.event;

import io.customer360.node.EntryNodeContents;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The events of an entry node, removed when the node is emptied (also with {@code eventsOnly}): one
 * set-based statement that also writes a change-log DELETE row per event, so the indexer drops
 * them. Runs first: events refer to the node's customers.
 */
@ApplicationScoped
class EventNodeContents implements EntryNodeContents {

  private final EventRepository repository;
  private final Cache customers;

  EventNodeContents(EventRepository repository, @CacheName("event-customers") Cache customers) {
    this.repository = repository;
    this.customers = customers;
  }

  @Override
  public Kind kind() {
    return Kind.EVENTS;
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public Uni<Void> emptyNode(SqlClient tx, UUID workspaceId, UUID nodeId) {
    return repository
        .deleteNodeEvents(tx, workspaceId, nodeId)
        .invoke(n -> Log.infof("node %s: %d events removed", nodeId, n))
        .replaceWithVoid();
  }

  /** The customer-to-node cache of the event path may name customers that are gone now. */
  @Override
  public Uni<Void> afterEmptied(UUID workspaceId, UUID nodeId) {
    return customers.invalidateAll();
  }
}
