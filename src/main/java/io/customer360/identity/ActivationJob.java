package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Db;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Builds the unified customers of an aggregate node after it went NEW → ACTIVE, from the entry
 * customers its entry nodes already hold, in batches of {@link #BATCH} (keyset pagination on the
 * customer id), one transaction per batch. Progress is kept in the node's {@code build}: {status
 * PENDING → RUNNING → DONE, processed, total, cursor}.
 *
 * <p>Replicas cooperate through the node row: a batch claims it with {@code FOR UPDATE SKIP
 * LOCKED}, so one batch of a node runs at a time and the cursor never goes back. A build starts
 * only once every replica's node cache shows the node ACTIVE, so every entry-customer write after
 * that point maintains the node live; live writes and batches take the same key locks and end in
 * the same unified customers whichever comes first.
 */
@ApplicationScoped
public class ActivationJob {

  static final int BATCH = 200;

  /** Longer than the node caches live, so no replica still sees the node as NEW. */
  private static final String SETTLE = "6 seconds";

  private static final java.time.Duration SETTLE_DURATION = java.time.Duration.ofSeconds(6);

  private final Pool pool;
  private final Db db;
  private final NodeService nodes;
  private final IdentityService identity;
  private final IdentityRepository repository;
  private final Cache nodeCache;

  ActivationJob(
      Pool pool,
      Db db,
      NodeService nodes,
      IdentityService identity,
      IdentityRepository repository,
      @CacheName("nodes") Cache nodeCache) {
    this.pool = pool;
    this.db = db;
    this.nodes = nodes;
    this.identity = identity;
    this.repository = repository;
    this.nodeCache = nodeCache;
  }

  @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return Multi.createBy()
        .repeating()
        .uni(this::step)
        .whilst(worked -> worked)
        .collect()
        .last()
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.errorf(e, "building unified customers failed; retrying on the next run");
              return Uni.createFrom().voidItem();
            });
  }

  /** The oldest pending build that is due, without a lock: a candidate to claim. */
  private static final String CANDIDATE =
      """
      select id, workspace_id from node
       where type = 'AGGREGATE' and state = 'ACTIVE' and build->>'status' in ('PENDING', 'RUNNING')
         and (build->>'requestedAt')::timestamptz <= now() - interval '%s'
       order by build->>'requestedAt', id
       limit 1"""
          .formatted(SETTLE);

  /** Claims the candidate's build for one batch; no row when another replica holds it. */
  private static final String CLAIM =
      """
      select build::text as build from node
       where id = $1 and build->>'status' in ('PENDING', 'RUNNING')
       for update skip locked""";

  private static final String PROGRESS = "update node set build = $2::text::jsonb where id = $1";

  /**
   * Runs one batch of some pending build; false when there is none. The aggregate node is loaded
   * (from the node cache) before the batch's transaction starts.
   */
  Uni<Boolean> step() {
    return candidate().chain(this::buildBatch);
  }

  private Uni<Node> candidate() {
    return pool.preparedQuery(CANDIDATE)
        .execute()
        .map(rows -> Db.first(rows, r -> new UUID[] {r.getUUID("workspace_id"), r.getUUID("id")}))
        .chain(ids -> ids == null ? Uni.createFrom().nullItem() : nodes.find(ids[0], ids[1]));
  }

  private Uni<Boolean> buildBatch(Node node) {
    if (node == null) {
      return Uni.createFrom().item(false);
    }
    return pool.withTransaction(tx -> claimAndBuild(tx, node))
        .call(() -> nodeCache.invalidate(node.id()));
  }

  /** False when another replica holds the build (then this one waits for the next run). */
  private Uni<Boolean> claimAndBuild(SqlClient tx, Node node) {
    return tx.preparedQuery(CLAIM)
        .execute(Tuple.of(node.id()))
        .map(rows -> Db.first(rows, r -> db.object(r.getString("build"))))
        .chain(
            build ->
                build == null
                    ? Uni.createFrom().item(false)
                    : batch(tx, node, build).replaceWith(true));
  }

  private Uni<Void> batch(SqlClient tx, Node node, ObjectNode build) {
    JsonNode cursorNode = build.path("cursor");
    UUID cursor = cursorNode.isTextual() ? UUID.fromString(cursorNode.asText()) : null;
    return total(tx, node, build).chain(total -> batchFrom(tx, node, build, cursor, total));
  }

  private Uni<Void> batchFrom(SqlClient tx, Node node, ObjectNode build, UUID cursor, long total) {
    return repository
        .customersAfter(tx, node.entryNodes(), cursor, cutoff(build), BATCH)
        .call(customers -> identity.rebuild(tx, node, entries(node.workspaceId(), customers)))
        .chain(customers -> progress(tx, node, build, total, customers));
  }

  private Uni<Long> total(SqlClient tx, Node node, ObjectNode build) {
    JsonNode total = build.path("total");
    return total.isNumber()
        ? Uni.createFrom().item(total.asLong())
        : repository.countCustomers(tx, node.entryNodes(), cutoff(build));
  }

  /**
   * Customers written after the settle time were resolved live by their own write, so the build
   * only needs the ones last written before it.
   */
  private static OffsetDateTime cutoff(ObjectNode build) {
    OffsetDateTime requested = time(build.path("requestedAt"));
    return requested == null ? OffsetDateTime.now() : requested.plus(SETTLE_DURATION);
  }

  private static List<EntryCustomer> entries(UUID workspaceId, List<ObjectNode> customers) {
    return customers.stream()
        .map(
            c ->
                new EntryCustomer(
                    workspaceId,
                    UUID.fromString(c.path("nodeId").asText()),
                    UUID.fromString(c.path("id").asText()),
                    c,
                    time(c.path("registeredAt")),
                    time(c.path("updatedAt"))))
        .toList();
  }

  private static OffsetDateTime time(JsonNode n) {
    return n.isTextual() ? OffsetDateTime.parse(n.asText()) : null;
  }

  private Uni<Void> progress(
      SqlClient tx, Node node, ObjectNode build, long total, List<ObjectNode> customers) {
    boolean done = customers.size() < BATCH;
    ObjectNode next = build.deepCopy();
    next.put("status", done ? "DONE" : "RUNNING");
    next.put("processed", build.path("processed").asLong(0) + customers.size());
    next.put("total", total);
    if (!customers.isEmpty()) {
      next.put("cursor", customers.get(customers.size() - 1).path("id").asText());
    }
    String now = OffsetDateTime.now().toInstant().toString();
    if (!build.hasNonNull("startedAt")) {
      next.put("startedAt", now);
    }
    if (done) {
      next.put("finishedAt", now);
      Log.infof(
          "aggregate node %s built: %d entry customers", node.id(), next.get("processed").asLong());
    }
    return tx.preparedQuery(PROGRESS).execute(Tuple.of(node.id(), db.json(next))).replaceWithVoid();
  }
}
