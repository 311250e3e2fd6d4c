package io.customer360.stream;

import io.customer360.common.Db;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends rows to the change log, always inside the caller's transaction, so a change and its log
 * row commit together. The log feeds the indexer and the public update stream.
 */
@ApplicationScoped
public class ChangeLog {

  public enum Entity {
    CUSTOMER,
    UNIFIED_CUSTOMER,
    EVENT
  }

  public enum Operation {
    CREATE,
    UPDATE,
    DELETE
  }

  public record Change(
      UUID workspaceId,
      UUID nodeId,
      Entity entity,
      UUID entityId,
      Operation operation,
      Object data) {}

  private static final String INSERT =
      "insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)"
          + " values ($1, $2, $3, $4, $5, $6::text::jsonb)";

  private final Db db;

  ChangeLog(Db db) {
    this.db = db;
  }

  public Uni<Void> append(SqlClient tx, Change change) {
    return tx.preparedQuery(INSERT).execute(tuple(change)).replaceWithVoid();
  }

  /** One round trip for many changes. */
  public Uni<Void> appendAll(SqlClient tx, List<Change> changes) {
    if (changes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = new ArrayList<>(changes.size());
    changes.forEach(c -> batch.add(tuple(c)));
    return tx.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid();
  }

  private Tuple tuple(Change c) {
    return Tuple.from(
        java.util.Arrays.asList(
            c.workspaceId(),
            c.nodeId(),
            c.entity().name(),
            c.entityId(),
            c.operation().name(),
            db.json(c.data())));
  }

  /**
   * The head of an insert into the change log for a statement that writes a change and its log row
   * together (a data-modifying CTE, then {@code select} of the six values in this order):
   * workspace_id, node_id, entity ({@link Entity} name), entity_id, operation ({@link Operation}
   * name), data (jsonb).
   */
  public static final String INSERT_INTO =
      "insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)";
}
