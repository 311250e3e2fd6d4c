package io.customer360.stream;

import io.customer360.common.Db;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
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

  /**
   * The head of every change-log insert, for statements that write a change and its log row
   * together (a CTE followed by {@code INSERT_INTO + " select ..."}): the select yields
   * workspace_id, node_id, entity, entity_id, operation and data (jsonb, may be null). Only the
   * change log's own statements and this fragment name the table's columns.
   */
  public static final String INSERT_INTO =
      "insert into change_log (workspace_id, node_id, entity, entity_id, operation, data)";

  private static final String APPEND =
      INSERT_INTO
          + """

           values ($1, $2, $3, $4, $5, $6::text::jsonb)""";

  private static final String APPEND_ALL =
      INSERT_INTO
          + """

           select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[],
                                $6::text[]::jsonb[])""";

  /**
   * Forgets what the log holds of a customer ($2) of workspace $1 and of its events: the {@code
   * data} of every such row becomes null; the rows themselves stay (ids, offsets, operations), so
   * the stream stays gap-free. An event's rows are found both ways: by the events the customer
   * holds now (their anonymous rows from before a session was bound name no customer), and by the
   * customer their data names, which also reaches the rows of events already deleted or moved to
   * another customer. Runs before the events are deleted, as it finds them by customer.
   */
  private static final String REDACT =
      """
      update change_log l
         set data = null
       where l.workspace_id = $1
         and l.data is not null
         and (l.entity_id = $2
              or (l.entity = 'EVENT' and l.data ->> 'customerId' = $2::text)
              or l.entity_id in (select e.id from event e
                                  where e.workspace_id = $1 and e.customer_id = $2))""";

  private final Db db;

  ChangeLog(Db db) {
    this.db = db;
  }

  /** Appends one row in the caller's transaction. */
  public Uni<Void> append(SqlClient tx, Change change) {
    return tx.preparedQuery(APPEND).execute(tuple(change)).replaceWithVoid();
  }

  /** Appends many rows in one set-based statement, in list order, in the caller's transaction. */
  public Uni<Void> appendAll(SqlClient tx, List<Change> changes) {
    if (changes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = changes.size();
    UUID[] workspaces = new UUID[n];
    UUID[] nodes = new UUID[n];
    String[] entities = new String[n];
    UUID[] ids = new UUID[n];
    String[] operations = new String[n];
    String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      Change c = changes.get(i);
      workspaces[i] = c.workspaceId();
      nodes[i] = c.nodeId();
      entities[i] = c.entity().name();
      ids[i] = c.entityId();
      operations[i] = c.operation().name();
      data[i] = db.json(c.data());
    }
    return tx.preparedQuery(APPEND_ALL)
        .execute(
            Tuple.from(java.util.Arrays.asList(workspaces, nodes, entities, ids, operations, data)))
        .replaceWithVoid();
  }

  /**
   * Right to be forgotten (spec §1.14 F1): nulls the data of every change-log row of the customer
   * and of its current events, in the caller's transaction and in one statement; call it before the
   * events are deleted. Answers how many rows were redacted.
   */
  public Uni<Integer> redact(SqlClient tx, UUID workspaceId, UUID customerId) {
    return tx.preparedQuery(REDACT)
        .execute(Tuple.of(workspaceId, customerId))
        .map(rows -> rows.rowCount());
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
}
