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

  /** Runs one batch of some pending build; false when there is none. */
  Uni<Boolean> step() {
    return pool.withTransaction(
            tx ->
                nodes
                    .claimActivation(tx)
                    .chain(
                        claim ->
                            claim == null
                                ? Uni.createFrom().item((UUID) null)
                                : batch(tx, claim).replaceWith(claim.nodeId())))
        .call(id -> id == null ? Uni.createFrom().voidItem() : nodeCache.invalidate(id))
        .map(id -> id != null);
  }

  private Uni<Void> batch(SqlClient tx, NodeService.ActivationClaim claim) {
    UUID nodeId = claim.nodeId();
    UUID workspaceId = claim.workspaceId();
    ObjectNode build = claim.build();
    JsonNode cursorNode = build.path("cursor");
    UUID cursor = cursorNode.isTextual() ? UUID.fromString(cursorNode.asText()) : null;
    return nodes
        .find(workspaceId, nodeId)
        .chain(
            node ->
                total(tx, node, build)
                    .chain(
                        total ->
                            repository
                                .customersAfter(tx, node.entryNodes(), cursor, cutoff(build), BATCH)
                                .chain(
                                    customers ->
                                        identity
                                            .rebuild(tx, node, entries(workspaceId, customers))
                                            .chain(
                                                () ->
                                                    progress(tx, node, build, total, customers)))));
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
    return nodes.recordActivationProgress(tx, node.id(), next);
  }
}
