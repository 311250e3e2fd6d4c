package io.customer360.customer;

import io.customer360.identity.IdentityService;
import io.customer360.node.EntryNodeContents;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The customers of an entry node, removed when the node is emptied (not with {@code eventsOnly}):
 * first the identity feature detaches them from their unified customers (deleting those left
 * without members, restamping the others, with change-log rows), then one set-based statement
 * deletes the customers with a change-log DELETE row each. Runs after the events.
 */
@ApplicationScoped
class CustomerNodeContents implements EntryNodeContents {

  private final CustomerRepository repository;
  private final IdentityService identity;

  CustomerNodeContents(CustomerRepository repository, IdentityService identity) {
    this.repository = repository;
    this.identity = identity;
  }

  @Override
  public Kind kind() {
    return Kind.CUSTOMERS;
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public Uni<Void> emptyNode(SqlClient tx, UUID workspaceId, UUID nodeId) {
    return identity
        .entryNodeEmptied(tx, workspaceId, nodeId)
        .chain(() -> repository.deleteNodeCustomers(tx, workspaceId, nodeId))
        .invoke(n -> Log.infof("node %s: %d customers removed", nodeId, n))
        .replaceWithVoid();
  }
}
