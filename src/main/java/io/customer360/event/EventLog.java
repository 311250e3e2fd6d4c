package io.customer360.event;

import io.customer360.event.EventRepository.StoredEvent;
import io.customer360.stream.ChangeLog;
import io.customer360.stream.ChangeLog.Change;
import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLog.Operation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the change-log rows of event changes through the change log's API, inside the caller's
 * transaction. A CREATE or UPDATE row carries the event in its one wire shape ({@link
 * EventRequests.EventResponse}); a DELETE row carries only {@code {"type": ...}}, the deleted
 * event's type, for the statistics of deleted events by type (spec §1.1 S9); the update stream
 * shows no data for deletes. The type is no personal data: the row names no customer.
 */
@ApplicationScoped
class EventLog {

  private final ChangeLog changes;

  EventLog(ChangeLog changes) {
    this.changes = changes;
  }

  Uni<Void> record(SqlClient tx, UUID workspaceId, Operation operation, List<StoredEvent> events) {
    List<Change> rows = events.stream().map(e -> change(workspaceId, operation, e)).toList();
    return changes.appendAll(tx, rows);
  }

  Uni<Void> record(SqlClient tx, UUID workspaceId, Operation operation, StoredEvent event) {
    return event == null
        ? Uni.createFrom().voidItem()
        : changes.append(tx, change(workspaceId, operation, event));
  }

  private static Change change(UUID workspaceId, Operation operation, StoredEvent e) {
    return new Change(
        workspaceId,
        e.nodeId(),
        Entity.EVENT,
        e.event().id(),
        operation,
        operation == Operation.DELETE ? Map.of("type", e.event().type()) : e.event());
  }
}
