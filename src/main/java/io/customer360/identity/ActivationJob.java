package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
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
  private final NodeService nodes;
  private final WorkspaceService workspaces;
  private final IdentityService identity;
  private final IdentityRepository repository;
  private final Cache nodeCache;

  ActivationJob(
      Pool pool,
      NodeService nodes,
      WorkspaceService workspaces,
      IdentityService identity,
      IdentityRepository repository,
      @CacheName("nodes") Cache nodeCache) {
    this.pool = pool;
    this.nodes = nodes;
    this.workspaces = workspaces;
    this.identity = identity;
    this.repository = repository;
    this.nodeCache = nodeCache;
  }

  @Scheduled(
      every = "${customer360.workers.activation-interval}",
      delayed = "${customer360.workers.activation-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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

  /** An aggregate node to build and the phone region of its workspace, loaded before a batch. */
  private record Target(Node node, String phoneRegion) {}

  /**
   * Runs one batch of some pending build; false when there is none. The aggregate node (node cache)
   * and its workspace (workspace cache) are loaded before the batch's transaction starts.
   */
  Uni<Boolean> step() {
    return nodes.activationCandidate().chain(this::target).chain(this::buildBatch);
  }

  private Uni<Target> target(NodeService.ActivationClaim candidate) {
    if (candidate == null) {
      return Uni.createFrom().nullItem();
    }
    return nodes
        .find(candidate.workspaceId(), candidate.nodeId())
        .chain(node -> workspaces.find(node.workspaceId()).map(w -> targetOf(node, w)));
  }

  private Target targetOf(Node node, Workspace workspace) {
    return new Target(node, workspaces.defaultPhoneRegion(workspace));
  }

  private Uni<Boolean> buildBatch(Target target) {
    if (target == null) {
      return Uni.createFrom().item(false);
    }
    return pool.withTransaction(tx -> claimAndBuild(tx, target))
        .call(() -> nodeCache.invalidate(target.node().id()));
  }

  /** False when another replica holds the build (then this one waits for the next run). */
  private Uni<Boolean> claimAndBuild(SqlClient tx, Target target) {
    return nodes
        .claimActivation(tx, target.node().id())
        .chain(
            claim ->
                claim == null
                    ? Uni.createFrom().item(false)
                    : batch(tx, target, claim.build()).replaceWith(true));
  }

  private Uni<Void> batch(SqlClient tx, Target target, ObjectNode build) {
    JsonNode cursorNode = build.path("cursor");
    UUID cursor = cursorNode.isTextual() ? UUID.fromString(cursorNode.asText()) : null;
    return total(tx, target.node(), build)
        .chain(total -> batchFrom(tx, target, build, cursor, total));
  }

  private Uni<Void> batchFrom(
      SqlClient tx, Target target, ObjectNode build, UUID cursor, long total) {
    Node node = target.node();
    return repository
        .customersAfter(tx, node.entryNodes(), cursor, cutoff(build), BATCH)
        .call(customers -> rebuild(tx, target, customers))
        .chain(customers -> progress(tx, node, build, total, customers));
  }

  private Uni<Void> rebuild(SqlClient tx, Target target, List<ObjectNode> customers) {
    Node node = target.node();
    return identity.rebuild(tx, node, entries(node.workspaceId(), customers), target.phoneRegion());
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
