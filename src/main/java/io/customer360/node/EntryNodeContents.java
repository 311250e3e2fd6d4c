package io.customer360.node;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.UUID;

/**
 * What an entry node holds that belongs to other features (customers, their unified customers,
 * events). Emptying a node ({@code DELETE /configuration/nodes/entries/{id}/data}) asks every
 * implementation, in {@link #order()}, inside one raw-SQL transaction: each feature removes its own
 * rows through its own repository and writes the change-log rows the indexer needs (issue 14 item
 * 1: one owner per table). Implementations are CDI beans of the higher features.
 */
public interface EntryNodeContents {

  /** What an implementation removes; {@code eventsOnly} emptying asks only the EVENTS ones. */
  enum Kind {
    EVENTS,
    CUSTOMERS
  }

  /** The kind of rows this implementation removes. */
  Kind kind();

  /** Lower first: rows that refer to others (events to customers) go before what they refer to. */
  int order();

  /**
   * Removes this feature's rows of the entry node, set-based, inside {@code tx}, with change-log
   * rows for every removed or changed entity. Must not use any other connection.
   */
  Uni<Void> emptyNode(SqlClient tx, UUID workspaceId, UUID nodeId);

  /** After the emptying committed: clear what this feature caches about the removed rows. */
  default Uni<Void> afterEmptied(UUID workspaceId, UUID nodeId) {
    return Uni.createFrom().voidItem();
  }
}
