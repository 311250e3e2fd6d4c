package io.customer360.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.FieldError;
import io.customer360.common.SharedAnswers;
import io.customer360.common.WireTime;
import io.customer360.event.EventPurge;
import io.customer360.event.EventPurge.Ages;
import io.customer360.event.EventPurge.Expiry;
import io.customer360.event.EventPurge.Removed;
import io.customer360.node.NodeRetention;
import io.customer360.node.NodeService;
import io.customer360.node.NodeType;
import io.customer360.retention.RetentionResponses.EventRetention;
import io.customer360.retention.RetentionResponses.NodeRetentionPolicy;
import io.customer360.retention.RetentionResponses.RetentionState;
import io.customer360.retention.RetentionResponses.RetentionStatus;
import io.customer360.workspace.EventLoop;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Event retention (spec §1.5 R1–R3, §1.6 N2/N3, N9–N12; DESIGN.md §3 workers): the workspace policy
 * (stored in the workspace's configuration, key {@code eventRetentionPolicy}, through the workspace
 * feature), the node policies (the node's {@code retention} column, through the node feature), the
 * status of a workspace's events against them, and the purge of expired events (through the event
 * feature's {@link EventPurge}). Which months apply is {@link RetentionRules}.
 */
@ApplicationScoped
public class RetentionService {

  /** Removed events of one workspace, node and type in one purge run. */
  public record Purged(UUID workspaceId, UUID nodeId, String type, long removed) {}

  /** One workspace's purge work: what expires, by (node, type). */
  private record Plan(UUID workspaceId, List<Expiry> expiries) {}

  private final WorkspaceService workspaces;
  private final NodeService nodes;
  private final EventPurge purge;
  private final EventLoop loop;
  private final int batchSize;
  private final int maxBatches;
  private final SharedAnswers statusAnswers;

  RetentionService(
      WorkspaceService workspaces,
      NodeService nodes,
      EventPurge purge,
      EventLoop loop,
      Customer360Config config,
      @CacheName("retention-status") Cache statusCache) {
    this.workspaces = workspaces;
    this.nodes = nodes;
    this.purge = purge;
    this.loop = loop;
    this.batchSize = config.retention().batchSize();
    this.maxBatches = config.retention().maxBatchesPerRun();
    this.statusAnswers =
        new SharedAnswers(
            "retention status",
            config.retention().statusFreshFor(),
            config.retention().statusStaleFor(),
            statusCache);
  }

  // ------------------------------------------------------------------ workspace policy

  /** R2: one entry per built-in event type, months 0 (forever) where none is set. */
  public Map<String, EventRetention> workspacePolicy(Workspace w) {
    return RetentionResponses.wire(months(w));
  }

  private static Map<String, Integer> months(Workspace w) {
    return RetentionRules.workspacePolicy(w.setting(WorkspaceSettings.EVENT_RETENTION_POLICY));
  }

  /**
   * R3: sets the months of the types the body names (event type → {@code {"months": n}}); the
   * others keep theirs, so writers of different types never overwrite each other (as the payload
   * sizes, R6). 400 naming each failing entry, nothing written; answers the whole policy.
   */
  public Uni<Map<String, EventRetention>> modifyWorkspacePolicy(UUID workspaceId, JsonNode body) {
    Map<String, Integer> policy = RetentionRules.requirePolicy(body);
    ObjectNode entries = JsonNodeFactory.instance.objectNode();
    policy.forEach((type, m) -> entries.putObject(type).put("months", m));
    return workspaces
        .mergeSettingEntries(workspaceId, WorkspaceSettings.EVENT_RETENTION_POLICY, entries)
        .invoke(w -> Log.infof("workspace %s: retention policy set for %s", w.id(), policy))
        .map(this::workspacePolicy);
  }

  // ----------------------------------------------------------------------- node policy

  /** N2 ({@code type} null: entry or aggregate) and N9/N11 (ENTRY). */
  public Uni<NodeRetentionPolicy> nodePolicy(UUID workspaceId, UUID nodeId, NodeType type) {
    return nodes.findRetention(workspaceId, nodeId, type).map(RetentionService::wire);
  }

  /**
   * N3: {@code {"enabled": bool, "events": {type: {"months": n}}}} replaces the node's policy;
   * {@code enabled} is required, {@code events} absent or null means no types of its own. 400
   * naming the field and nothing written on a bad body. An aggregate node's policy applies to its
   * entry nodes' events, so {@code requireWrite} (403 when the caller may not) is also asked for
   * every entry node of an aggregate node before anything is written.
   */
  public Uni<NodeRetentionPolicy> replaceNodePolicy(
      UUID workspaceId, UUID nodeId, JsonNode body, Consumer<Collection<UUID>> requireWrite) {
    List<FieldError> errors = new ArrayList<>();
    requireObject(body, Set.of("enabled", "events"), errors);
    Boolean enabled = null;
    Map<String, Integer> events = Map.of();
    if (errors.isEmpty()) {
      enabled = flag(body.path("enabled"), errors);
      JsonNode e = body.path("events");
      if (!e.isMissingNode() && !e.isNull()) {
        events = RetentionRules.parsePolicy(e, "events.", errors);
      }
    }
    if (!errors.isEmpty()) {
      return Uni.createFrom().failure(ApiException.badRequest(errors));
    }
    Boolean state = enabled;
    Map<String, Integer> months = events;
    return nodes
        .findRetention(workspaceId, nodeId, null)
        .invoke(
            r -> {
              if (r.type() == NodeType.AGGREGATE) {
                requireWrite.accept(r.entryNodes());
              }
            })
        .chain(r -> nodes.changeRetention(workspaceId, nodeId, null, state, months))
        .map(RetentionService::wire);
  }

  /** N10: replaces the entry node's months by type (its state is kept). */
  public Uni<Map<String, EventRetention>> replaceEntryNodeEvents(
      UUID workspaceId, UUID nodeId, JsonNode body) {
    Map<String, Integer> events;
    try {
      events = RetentionRules.requirePolicy(body);
    } catch (ApiException e) {
      return Uni.createFrom().failure(e);
    }
    return nodes
        .changeRetention(workspaceId, nodeId, NodeType.ENTRY, null, events)
        .map(r -> RetentionResponses.wire(r.events()));
  }

  /** N12: {@code {"enabled": bool}} switches the entry node's policy on or off. */
  public Uni<RetentionState> changeEntryNodeState(UUID workspaceId, UUID nodeId, JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    requireObject(body, Set.of("enabled"), errors);
    Boolean enabled = errors.isEmpty() ? flag(body.path("enabled"), errors) : null;
    if (!errors.isEmpty()) {
      return Uni.createFrom().failure(ApiException.badRequest(errors));
    }
    return nodes
        .changeRetention(workspaceId, nodeId, NodeType.ENTRY, enabled, null)
        .map(r -> new RetentionState(r.enabled()));
  }

  private static void requireObject(JsonNode body, Set<String> allowed, List<FieldError> errors) {
    if (body == null || !body.isObject()) {
      errors.add(new FieldError("body", "must be a JSON object"));
      return;
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                errors.add(new FieldError(f, "is not a property of this body"));
              }
            });
  }

  private static Boolean flag(JsonNode value, List<FieldError> errors) {
    if (!value.isBoolean()) {
      errors.add(new FieldError("enabled", "is required and must be true or false"));
      return null;
    }
    return value.asBoolean();
  }

  private static NodeRetentionPolicy wire(NodeRetention r) {
    return new NodeRetentionPolicy(r.enabled(), RetentionResponses.wire(r.events()));
  }

  // ---------------------------------------------------------------------------- status

  /**
   * R1: node id → event type → status, over the nodes holding events of the workspace that the
   * caller may read, each (node, type) that has events: the months that apply to it ({@link
   * RetentionRules}), total, valid, expired and oldest date, counted in one grouped statement at
   * this instant. Expired events are those the purge has not removed yet. The scan is filtered in
   * SQL to the readable nodes, runs on the long-statement pool, and its answer is shared by
   * identical concurrent requests and reused for {@code customer360.retention.status-fresh-for}
   * (served up to {@code status-stale-for} old while a new one is computed; common/SharedAnswers).
   */
  public Uni<Map<String, Map<String, RetentionStatus>>> status(Tenant tenant) {
    UUID workspaceId = tenant.workspaceId();
    Set<UUID> readable = tenant.readableNodes();
    Set<UUID> scope = readable == null ? null : Set.copyOf(readable);
    Map<String, Integer> workspace = months(tenant.workspace());
    return nodes
        .findRetentions(List.of(workspaceId))
        .map(all -> RetentionRules.resolve(workspace, all))
        .chain(
            months ->
                statusAnswers.get(
                    new StatusKey(workspaceId, scope, months),
                    () -> computeStatus(workspaceId, scope, months)));
  }

  /**
   * What identifies a status answer: the workspace, the nodes the caller may read (null: all) and
   * the months that apply per node and type (so a policy change is a new key).
   */
  private record StatusKey(
      UUID workspaceId, Set<UUID> readable, Map<UUID, Map<String, Integer>> months) {}

  /** One status computation: request-scoped state is resolved into the arguments. */
  private Uni<Map<String, Map<String, RetentionStatus>>> computeStatus(
      UUID workspaceId, Set<UUID> readable, Map<UUID, Map<String, Integer>> months) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Map<UUID, Map<String, Integer>> scoped = months;
    if (readable != null) {
      scoped = new LinkedHashMap<>(months);
      scoped.keySet().retainAll(readable);
    }
    return purge
        .ages(workspaceId, RetentionRules.expiries(now, scoped), readable)
        .map(ages -> status(ages, months, readable));
  }

  private static Map<String, Map<String, RetentionStatus>> status(
      List<Ages> ages, Map<UUID, Map<String, Integer>> months, Set<UUID> readable) {
    Map<String, Map<String, RetentionStatus>> out = new TreeMap<>();
    for (Ages a : ages) {
      if (readable != null && !readable.contains(a.nodeId())) {
        continue;
      }
      int m = months.getOrDefault(a.nodeId(), Map.of()).getOrDefault(a.type(), 0);
      out.computeIfAbsent(a.nodeId().toString(), k -> new TreeMap<>())
          .put(
              a.type(),
              new RetentionStatus(
                  m,
                  a.total(),
                  a.total() - a.expired(),
                  a.expired(),
                  a.oldest() == null ? null : WireTime.format(a.oldest().toInstant())));
    }
    return out;
  }

  // ----------------------------------------------------------------------------- purge

  /**
   * Removes every expired event of every workspace that has a retention policy (a workspace policy
   * with some months set, or an enabled node policy), one workspace after the other, in batches of
   * {@code customer360.retention.batch-size} (at most {@code max-batches-per-run} per workspace and
   * run). A workspace another replica is purging is skipped until the next run. Logs and answers
   * what went, per workspace, node and type. Callable from any thread (the job, tests).
   */
  public Uni<List<Purged>> purge() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return loop.call(() -> plans(now)).chain(this::run);
  }

  private Uni<List<Plan>> plans(OffsetDateTime now) {
    return nodes
        .findWorkspacesWithNodeRetention()
        .chain(
            withNodePolicy ->
                workspaces
                    .findAll(null)
                    .map(all -> withPolicies(all, new HashSet<>(withNodePolicy))))
        .chain(candidates -> plans(now, candidates));
  }

  private static List<Workspace> withPolicies(List<Workspace> all, Set<UUID> withNodePolicy) {
    return all.stream()
        .filter(
            w ->
                withNodePolicy.contains(w.id()) || months(w).values().stream().anyMatch(m -> m > 0))
        .toList();
  }

  private Uni<List<Plan>> plans(OffsetDateTime now, List<Workspace> candidates) {
    List<UUID> ids = candidates.stream().map(Workspace::id).toList();
    return nodes
        .findRetentions(ids)
        .map(
            all -> {
              Map<UUID, List<NodeRetention>> byWorkspace = new LinkedHashMap<>();
              all.forEach(
                  n -> byWorkspace.computeIfAbsent(n.workspaceId(), k -> new ArrayList<>()).add(n));
              List<Plan> plans = new ArrayList<>();
              for (Workspace w : candidates) {
                Map<UUID, Map<String, Integer>> months =
                    RetentionRules.resolve(months(w), byWorkspace.getOrDefault(w.id(), List.of()));
                List<Expiry> expiries = RetentionRules.expiries(now, months);
                if (!expiries.isEmpty()) {
                  plans.add(new Plan(w.id(), expiries));
                }
              }
              return plans;
            });
  }

  private Uni<List<Purged>> run(List<Plan> plans) {
    return Multi.createFrom()
        .iterable(plans)
        .onItem()
        .transformToUniAndConcatenate(this::purgeWorkspace)
        .collect()
        .asList()
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  /** Batches of one workspace until none is full, the lock is taken elsewhere, or the cap. */
  private Uni<List<Purged>> purgeWorkspace(Plan plan) {
    Map<String, Purged> totals = new LinkedHashMap<>();
    int[] batches = {0};
    return Multi.createBy()
        .repeating()
        .uni(() -> purge.purgeBatch(plan.workspaceId(), plan.expiries(), batchSize))
        .whilst(b -> !b.locked() && b.total() >= batchSize && ++batches[0] < maxBatches)
        .onItem()
        .invoke(b -> add(totals, plan.workspaceId(), b.removed()))
        .collect()
        .last()
        .map(last -> List.copyOf(totals.values()))
        .invoke(purged -> log(plan.workspaceId(), purged));
  }

  private static void add(Map<String, Purged> totals, UUID workspaceId, List<Removed> removed) {
    for (Removed r : removed) {
      totals.merge(
          r.nodeId() + "/" + r.type(),
          new Purged(workspaceId, r.nodeId(), r.type(), r.removed()),
          (a, b) -> new Purged(workspaceId, a.nodeId(), a.type(), a.removed() + b.removed()));
    }
  }

  private static void log(UUID workspaceId, List<Purged> purged) {
    for (Purged p : purged) {
      Log.infof(
          "retention: workspace %s node %s type %s: %d expired events removed",
          workspaceId, p.nodeId(), p.type(), p.removed());
    }
  }
}
