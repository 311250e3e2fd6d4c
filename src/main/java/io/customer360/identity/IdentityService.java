package io.customer360.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.node.Node;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Unified customers: per ACTIVE aggregate node, the connected components of entry customers that
 * share a matching value. The customer feature calls the two maintenance methods inside its write
 * transaction.
 */
@ApplicationScoped
public class IdentityService {

  /** After an entry customer row is inserted or updated, in the same transaction. */
  public Uni<Void> entryCustomerWritten(SqlClient tx, EntryCustomer customer) {
    return Uni.createFrom().voidItem();
  }

  /** Before an entry customer row is deleted, in the same transaction. */
  public Uni<Void> entryCustomerDeleted(
      SqlClient tx, UUID workspaceId, UUID nodeId, UUID customerId) {
    return Uni.createFrom().voidItem();
  }

  /**
   * The merged view of a unified customer, or null when {@code id} is no unified customer of the
   * workspace. A merged-away id fails with the pointer to its survivor.
   */
  public Uni<ObjectNode> findUnified(UUID workspaceId, UUID id) {
    return Uni.createFrom().nullItem();
  }

  /** The unified customers of an ACTIVE aggregate node, newest update first. */
  public Uni<Paged<ObjectNode>> searchUnified(
      UUID workspaceId, Node aggregateNode, String externalId, PageRequest page, String sort) {
    return Uni.createFrom().item(Paged.of(java.util.List.of(), page, 0));
  }
}
