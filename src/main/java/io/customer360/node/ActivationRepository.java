package io.customer360.node;

import io.customer360.common.Db;
import io.customer360.common.WireTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The activation build state of aggregate nodes ({@code node.build}), claimed and advanced inside
 * the build's own raw-SQL transaction, the one that also writes the unified customers: a job claim
 * is a hot path (DESIGN "Data access"), and the claim's row lock must last as long as the batch.
 */
@ApplicationScoped
class ActivationRepository {

  /** Longer than the node caches live, so no replica still sees the node as NEW. */
  static final String SETTLE = "6 seconds";

  /** The oldest pending build that is due, without a lock: a candidate to claim. */
  private static final String CANDIDATE =
      """
      select id, workspace_id, cast(build as text) as build
        from node
       where type = 'AGGREGATE' and state = 'ACTIVE'
         and build->>'status' in ('PENDING', 'RUNNING')
         and (build->>'requestedAt')::timestamptz <= now() - interval '%s'
       order by build->>'requestedAt', id
       limit 1
      """
          .formatted(SETTLE);

  /** The candidate's build, locked for this transaction; no row when another replica holds it. */
  private static final String CLAIM =
      """
      select id, workspace_id, cast(build as text) as build
        from node
       where id = $1 and build->>'status' in ('PENDING', 'RUNNING')
         for update skip locked
      """;

  private static final String RECORD_PROGRESS =
      """
      update node set build = $2::text::jsonb where id = $1
      """;

  private final Pool pool;
  private final Db db;

  ActivationRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  Uni<NodeService.ActivationClaim> candidate() {
    return pool.preparedQuery(CANDIDATE).execute().map(rows -> Db.first(rows, this::toClaim));
  }

  Uni<NodeService.ActivationClaim> claim(SqlClient tx, UUID nodeId) {
    return tx.preparedQuery(CLAIM)
        .execute(Tuple.of(nodeId))
        .map(rows -> Db.first(rows, this::toClaim));
  }

  Uni<Void> recordProgress(SqlClient tx, UUID nodeId, Object build) {
    return tx.preparedQuery(RECORD_PROGRESS)
        .execute(Tuple.of(nodeId, db.json(wireTimes(build))))
        .replaceWithVoid();
  }

  /** The build's timestamps in the one wire format, whatever precision the writer used. */
  private static Object wireTimes(Object build) {
    return build instanceof com.fasterxml.jackson.databind.JsonNode n
        ? WireTime.normalizeFields(n, AggregateState.BUILD_TIMES)
        : build;
  }

  private NodeService.ActivationClaim toClaim(Row r) {
    return new NodeService.ActivationClaim(
        r.getUUID("id"), r.getUUID("workspace_id"), db.object(r.getString("build")));
  }
}
