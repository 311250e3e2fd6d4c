package io.customer360.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.PatternSyntaxException;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.node.NodeRequests.AggregateNodeRequest;
import io.customer360.node.NodeRequests.EntryNodeRequest;
import io.customer360.node.NodeRequests.NodeSummary;
import io.customer360.workspace.BaseProperties;
import io.customer360.workspace.EventLoop;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.arc.All;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Entry and aggregate nodes, the only writer of the {@code node} table (configuration through
 * Hibernate Reactive Panache, the activation build state through {@link ActivationRepository}).
 * Every customer write needs its node and the aggregates that contain it, so both lookups are
 * cached briefly as immutable {@link Node} records; node writes clear this replica's caches at
 * once. An unknown, foreign or malformed node id answers 404 "node not found &lt;id&gt;" (spec §5).
 */
@ApplicationScoped
public class NodeService {

  /** Progress of one claimed activation build: the node and its {@code build} document. */
  public record ActivationClaim(UUID nodeId, UUID workspaceId, ObjectNode build) {}

  private final NodeRepository repository;
  private final ActivationRepository activations;
  private final WorkspaceService workspaces;
  private final EventLoop loop;
  private final Pool pool;
  private final Cache nodes;
  private final Cache aggregates;
  private final List<EntryNodeContents> contents;

  NodeService(
      NodeRepository repository,
      ActivationRepository activations,
      WorkspaceService workspaces,
      EventLoop loop,
      Pool pool,
      @CacheName("nodes") Cache nodes,
      @CacheName("aggregates-of-entry") Cache aggregates,
      @All List<EntryNodeContents> contents) {
    this.repository = repository;
    this.activations = activations;
    this.workspaces = workspaces;
    this.loop = loop;
    this.pool = pool;
    this.nodes = nodes;
    this.aggregates = aggregates;
    this.contents =
        contents.stream().sorted(Comparator.comparingInt(EntryNodeContents::order)).toList();
  }

  /** The answer to an unknown, foreign or malformed node id (spec §5). */
  public static ApiException notFound(Object id) {
    return ApiException.nodeNotFound(id);
  }

  /** A node id from a path: a malformed one answers 404 like an unknown one (spec §5). */
  public static UUID nodeId(String raw) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // falls through to 404
    }
    throw notFound(raw);
  }

  /**
   * A node of the workspace, from the cache; a node of another workspace answers 404 like an
   * unknown one. Safe to call concurrently and from any feature; call it before a transaction.
   */
  public Uni<Node> find(UUID workspaceId, UUID nodeId) {
    return nodes.getAsync(nodeId, this::load).map(n -> inWorkspace(n, workspaceId));
  }

  private Uni<Node> load(UUID nodeId) {
    return loop.call(() -> repository.load(nodeId))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(nodeId));
  }

  private static Node inWorkspace(Node n, UUID workspaceId) {
    if (!n.workspaceId().equals(workspaceId)) {
      throw notFound(n.id());
    }
    return n;
  }

  /** An entry node of the workspace (cached); 404 otherwise. */
  public Uni<Node> findEntry(UUID workspaceId, UUID nodeId) {
    return find(workspaceId, nodeId).map(n -> require(n, NodeType.ENTRY));
  }

  /** An aggregate node of the workspace (cached); 404 otherwise. */
  public Uni<Node> findAggregate(UUID workspaceId, UUID nodeId) {
    return find(workspaceId, nodeId).map(n -> require(n, NodeType.AGGREGATE));
  }

  private static Node require(Node n, NodeType type) {
    if (n.type() != type) {
      throw notFound(n.id());
    }
    return n;
  }

  /** The node as this transaction sees it (never the cache, which would need a connection). */
  private Uni<Node> current(UUID workspaceId, UUID nodeId, NodeType type) {
    return repository
        .find(workspaceId, nodeId)
        .onItem()
        .ifNull()
        .failWith(() -> notFound(nodeId))
        .map(n -> require(n, type));
  }

  /** The aggregate nodes that unify customers of this entry node, in any state (cached). */
  public Uni<List<Node>> aggregatesOf(UUID entryNodeId) {
    return aggregates.getAsync(entryNodeId, id -> loop.call(() -> repository.loadAggregatesOf(id)));
  }

  /** A page of the workspace's nodes of one type (null = all), as summaries. */
  public Uni<Paged<NodeSummary>> list(UUID workspaceId, NodeType type, PageRequest page) {
    return page(workspaceId, type, page, NodeSummary::of);
  }

  /**
   * A page of the workspace's nodes of one type (null = all) in creation order, each shaped by
   * {@code mapper}; {@code totalUnfilteredElements} counts every node of the workspace.
   */
  @WithSession
  public <T> Uni<Paged<T>> page(
      UUID workspaceId, NodeType type, PageRequest page, Function<Node, T> mapper) {
    return repository
        .page(workspaceId, type, page)
        .map(
            found ->
                new Paged<>(
                    found.elements().stream().map(mapper).toList(),
                    PageInfo.of(page, found.total(), found.unfiltered())));
  }

  /** Every node of these workspaces, in creation order. */
  @WithSession
  public Uni<List<Node>> findByWorkspaces(List<UUID> workspaceIds) {
    return workspaceIds.isEmpty()
        ? Uni.createFrom().item(List.of())
        : repository.findByWorkspaces(workspaceIds);
  }

  // ------------------------------------------------------------------------- entry nodes

  Uni<Node> createEntry(UUID workspaceId, EntryNodeRequest r) {
    return committed(() -> createEntryInTransaction(workspaceId, r));
  }

  private Uni<Node> createEntryInTransaction(UUID workspaceId, EntryNodeRequest r) {
    return validateEntry(workspaceId, r)
        .map(policy -> newEntry(workspaceId, r, policy))
        .chain(repository::insert)
        .invoke(n -> Log.infof("entry node %s created in workspace %s", n.id(), workspaceId));
  }

  private static Node newEntry(UUID workspaceId, EntryNodeRequest r, MatchingPolicy policy) {
    return entryNode(UUID.randomUUID(), workspaceId, r, policy, false);
  }

  /** An entry node as request {@code r} describes it (its own fields, no aggregate fields). */
  private static Node entryNode(
      UUID id, UUID workspaceId, EntryNodeRequest r, MatchingPolicy policy, boolean retention) {
    return new Node(
        id,
        workspaceId,
        NodeType.ENTRY,
        r.name(),
        r.description(),
        r.imageUrl(),
        policy,
        r.sourcePriority() == null ? List.of() : r.sourcePriority(),
        r.mandatoryProperties() == null ? List.of() : r.mandatoryProperties(),
        null,
        null,
        null,
        null,
        null,
        retention);
  }

  /** PUT of an entry node; the unique-customer policy changes only while the node is empty. */
  Uni<Node> modifyEntry(UUID workspaceId, UUID nodeId, EntryNodeRequest r) {
    return committed(() -> modifyEntryInTransaction(workspaceId, nodeId, r));
  }

  private Uni<Node> modifyEntryInTransaction(UUID workspaceId, UUID nodeId, EntryNodeRequest r) {
    if (r.id() == null) {
      return Uni.createFrom().failure(ApiException.badRequest("id", "is required"));
    }
    if (!r.id().equals(nodeId)) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("id", "must equal the node id of the path"));
    }
    if (r.uniqueCustomer() == null) {
      return Uni.createFrom().failure(ApiException.badRequest("uniqueCustomer", "is required"));
    }
    return current(workspaceId, nodeId, NodeType.ENTRY)
        .chain(node -> validateEntry(workspaceId, r).chain(policy -> changeEntry(node, r, policy)));
  }

  private Uni<Node> changeEntry(Node current, EntryNodeRequest r, MatchingPolicy policy) {
    Node changed =
        entryNode(current.id(), current.workspaceId(), r, policy, current.retentionEnabled());
    return guardPolicyChange(current, policy).chain(() -> repository.update(changed));
  }

  private Uni<Void> guardPolicyChange(Node current, MatchingPolicy policy) {
    if (policy.equals(current.uniquePolicy().normalised())) {
      return Uni.createFrom().voidItem();
    }
    return repository
        .hasCustomers(current.id())
        .invoke(
            has -> {
              if (has) {
                throw ApiException.conflict(
                    "uniqueCustomer",
                    "cannot change the unique-customer policy of a node that holds customers;"
                        + " empty the node first");
              }
            })
        .replaceWithVoid();
  }

  /** Only the unique-customer policy of an entry node (the deprecated M3 route). */
  Uni<MatchingPolicy> modifyUniquePolicy(UUID workspaceId, UUID nodeId, MatchingPolicy policy) {
    return committed(() -> modifyUniquePolicyInTransaction(workspaceId, nodeId, policy));
  }

  private Uni<MatchingPolicy> modifyUniquePolicyInTransaction(
      UUID workspaceId, UUID nodeId, MatchingPolicy policy) {
    return current(workspaceId, nodeId, NodeType.ENTRY)
        .map(n -> withPolicy(n, policy))
        .chain(request -> modifyEntryInTransaction(workspaceId, nodeId, request))
        .map(Node::uniquePolicy);
  }

  private static EntryNodeRequest withPolicy(Node n, MatchingPolicy policy) {
    return new EntryNodeRequest(
        n.id(),
        n.name(),
        n.description(),
        n.imageUrl(),
        policy,
        n.sourcePriority(),
        n.mandatoryProperties());
  }

  private Uni<MatchingPolicy> validateEntry(UUID workspaceId, EntryNodeRequest r) {
    List<FieldError> errors = new ArrayList<>();
    MatchingPolicy policy =
        r.uniqueCustomer() == null ? MatchingPolicy.DEFAULT : r.uniqueCustomer();
    checkPolicy("uniqueCustomer", policy, errors);
    List<String> mandatory = r.mandatoryProperties() == null ? List.of() : r.mandatoryProperties();
    for (int i = 0; i < mandatory.size(); i++) {
      String p = mandatory.get(i);
      if (!BaseProperties.isMatchable(p) && !BaseProperties.isKnown(p)) {
        errors.add(
            new FieldError(
                "mandatoryProperties[" + i + "]",
                "must be externalId, a base property path or extended.<name>"));
      }
    }
    if (!errors.isEmpty()) {
      return Uni.createFrom().failure(ApiException.badRequest(errors));
    }
    List<UUID> sources = r.sourcePriority() == null ? List.of() : r.sourcePriority();
    if (sources.isEmpty()) {
      return Uni.createFrom().item(policy.normalised());
    }
    if (new HashSet<>(sources).size() != sources.size()) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("sourcePriority", "must not repeat a source"));
    }
    return repository
        .countSources(workspaceId, sources)
        .invoke(
            n -> {
              if (n != sources.size()) {
                throw ApiException.badRequest(
                    "sourcePriority", "every id must be a source of this workspace");
              }
            })
        .replaceWith(policy.normalised());
  }

  static void checkPolicy(String field, MatchingPolicy policy, List<FieldError> errors) {
    List<String> properties = policy.properties();
    for (int i = 0; i < properties.size(); i++) {
      if (!BaseProperties.isMatchable(properties.get(i))) {
        errors.add(
            new FieldError(
                field + ".properties[" + i + "]",
                "must be externalId, a scalar base property path or extended.<name>"));
      }
    }
    if (new HashSet<>(properties).size() != properties.size()) {
      errors.add(new FieldError(field + ".properties", "must not repeat a property"));
    }
  }

  // ------------------------------------------------------------------------- emptying

  /**
   * Removes the entry node's data: its events, and unless {@code eventsOnly} its customers and
   * their memberships in unified customers. Every {@link EntryNodeContents} of the right kind runs
   * in order inside one raw-SQL transaction (the node itself is loaded before it starts).
   */
  Uni<Void> empty(UUID workspaceId, UUID nodeId, boolean eventsOnly) {
    List<EntryNodeContents> steps =
        contents.stream()
            .filter(c -> !eventsOnly || c.kind() == EntryNodeContents.Kind.EVENTS)
            .toList();
    return findEntry(workspaceId, nodeId)
        .chain(() -> Db.transaction(pool, tx -> emptyIn(tx, steps, workspaceId, nodeId)))
        .call(() -> afterEmptied(steps, workspaceId, nodeId))
        .invoke(() -> Log.infof("node %s emptied (eventsOnly=%s)", nodeId, eventsOnly));
  }

  private static Uni<Void> emptyIn(
      SqlClient tx, List<EntryNodeContents> steps, UUID workspaceId, UUID nodeId) {
    Uni<Void> done = Uni.createFrom().voidItem();
    for (EntryNodeContents step : steps) {
      done = done.chain(() -> step.emptyNode(tx, workspaceId, nodeId));
    }
    return done;
  }

  private static Uni<Void> afterEmptied(
      List<EntryNodeContents> steps, UUID workspaceId, UUID nodeId) {
    Uni<Void> done = Uni.createFrom().voidItem();
    for (EntryNodeContents step : steps) {
      done = done.chain(() -> step.afterEmptied(workspaceId, nodeId));
    }
    return done;
  }

  // --------------------------------------------------------------------- aggregate nodes

  Uni<Node> createAggregate(UUID workspaceId, AggregateNodeRequest r) {
    return committed(() -> createAggregateInTransaction(workspaceId, r));
  }

  private Uni<Node> createAggregateInTransaction(UUID workspaceId, AggregateNodeRequest r) {
    if (r.state() != null && r.state() != AggregateState.NEW) {
      return Uni.createFrom()
          .failure(
              ApiException.unprocessable(
                  "state", "a new aggregate node starts in state NEW; activate it afterwards"));
    }
    return validateAggregate(workspaceId, r)
        .replaceWith(() -> newAggregate(workspaceId, r))
        .chain(repository::insert)
        .invoke(n -> Log.infof("aggregate node %s created in workspace %s", n.id(), workspaceId));
  }

  private static Node newAggregate(UUID workspaceId, AggregateNodeRequest r) {
    return new Node(
        UUID.randomUUID(),
        workspaceId,
        NodeType.AGGREGATE,
        r.name(),
        r.description(),
        r.imageUrl(),
        null,
        null,
        null,
        List.copyOf(r.entryNodes()),
        r.matchingProperties().normalised(),
        r.exclusionFilters() == null ? List.of() : r.exclusionFilters(),
        AggregateState.NEW,
        null,
        false);
  }

  /** PUT of an aggregate node: entry nodes and matching properties are fixed once created. */
  Uni<Node> modifyAggregate(UUID workspaceId, UUID nodeId, AggregateNodeRequest r) {
    return committed(() -> modifyAggregateInTransaction(workspaceId, nodeId, r));
  }

  private Uni<Node> modifyAggregateInTransaction(
      UUID workspaceId, UUID nodeId, AggregateNodeRequest r) {
    if (r.id() != null && !r.id().equals(nodeId)) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("id", "must equal the node id of the path"));
    }
    return current(workspaceId, nodeId, NodeType.AGGREGATE)
        .call(node -> validateChange(node, r))
        .chain(node -> repository.update(changedAggregate(node, r)))
        .chain(node -> moveState(node, r.state()));
  }

  private Uni<Void> validateChange(Node current, AggregateNodeRequest r) {
    List<FieldError> errors = new ArrayList<>();
    if (!new HashSet<>(r.entryNodes()).equals(new HashSet<>(current.entryNodes()))) {
      errors.add(new FieldError("entryNodes", "cannot be changed"));
    }
    if (!r.matchingProperties().normalised().equals(current.matchingProperties())) {
      errors.add(new FieldError("matchingProperties", "cannot be changed"));
    }
    checkFilters(r.exclusionFilters(), errors);
    return errors.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.createFrom().failure(ApiException.badRequest(errors));
  }

  private static Node changedAggregate(Node current, AggregateNodeRequest r) {
    return new Node(
        current.id(),
        current.workspaceId(),
        NodeType.AGGREGATE,
        r.name(),
        r.description(),
        r.imageUrl(),
        null,
        null,
        null,
        current.entryNodes(),
        current.matchingProperties(),
        r.exclusionFilters() == null ? List.of() : r.exclusionFilters(),
        current.state(),
        current.build(),
        current.retentionEnabled());
  }

  /** The only transition is NEW to ACTIVE; it queues the build of the unified customers. */
  Uni<Node> changeState(UUID workspaceId, UUID nodeId, AggregateState target) {
    return committed(() -> changeStateInTransaction(workspaceId, nodeId, target));
  }

  private Uni<Node> changeStateInTransaction(UUID workspaceId, UUID nodeId, AggregateState target) {
    return current(workspaceId, nodeId, NodeType.AGGREGATE).chain(n -> moveState(n, target));
  }

  private Uni<Node> moveState(Node current, AggregateState target) {
    if (target == null || current.state() == target) {
      return Uni.createFrom().item(current);
    }
    if (current.state() != AggregateState.NEW || target != AggregateState.ACTIVE) {
      return Uni.createFrom()
          .failure(
              ApiException.unprocessable(
                  "state",
                  "the only allowed transition is NEW -> ACTIVE (node is "
                      + current.state()
                      + ")"));
    }
    return repository
        .activate(current.workspaceId(), current.id())
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.conflict("state", "the node changed state meanwhile"))
        .invoke(n -> Log.infof("aggregate node %s activated", n.id()));
  }

  private Uni<Void> validateAggregate(UUID workspaceId, AggregateNodeRequest r) {
    List<FieldError> errors = new ArrayList<>();
    checkPolicy("matchingProperties", r.matchingProperties(), errors);
    checkFilters(r.exclusionFilters(), errors);
    if (new HashSet<>(r.entryNodes()).size() != r.entryNodes().size()) {
      errors.add(new FieldError("entryNodes", "must not repeat a node"));
    }
    if (!errors.isEmpty()) {
      return Uni.createFrom().failure(ApiException.badRequest(errors));
    }
    return repository
        .countEntryNodes(workspaceId, r.entryNodes())
        .invoke(
            n -> {
              if (n != r.entryNodes().size()) {
                throw ApiException.badRequest(
                    "entryNodes", "every id must be an entry node of this workspace");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Exclusion filters set exactly one of value or pattern; a pattern must compile with RE2J, whose
   * matching time is linear in the input, so no pattern can stall matching (issue 13, fault 2).
   */
  static void checkFilters(List<ExclusionFilter> filters, List<FieldError> errors) {
    List<ExclusionFilter> all = filters == null ? List.of() : filters;
    for (int i = 0; i < all.size(); i++) {
      ExclusionFilter f = all.get(i);
      if ((f.value() == null) == (f.pattern() == null)) {
        errors.add(
            new FieldError(
                "exclusionFilters[" + i + "]", "must set exactly one of value or pattern"));
      } else if (f.pattern() != null && !compiles(f.pattern())) {
        errors.add(
            new FieldError(
                "exclusionFilters[" + i + "].pattern",
                "must be an RE2 regular expression (no backreferences or lookaround)"));
      }
    }
  }

  private static boolean compiles(String pattern) {
    try {
      com.google.re2j.Pattern.compile(pattern);
      return true;
    } catch (PatternSyntaxException | IllegalArgumentException e) {
      return false;
    }
  }

  // ------------------------------------------------------------- activation build state

  /**
   * The oldest pending activation build that is due, read without a lock (the job loads the node
   * and its configuration before the batch's transaction, then claims it); null when there is none.
   */
  public Uni<ActivationClaim> activationCandidate() {
    return activations.candidate();
  }

  /**
   * Claims the pending activation build of aggregate node {@code nodeId}, locking its node row for
   * the caller's raw-SQL transaction {@code tx} ({@code FOR UPDATE SKIP LOCKED}); null when another
   * replica holds it or the build is no longer pending. For the activation job.
   */
  public Uni<ActivationClaim> claimActivation(SqlClient tx, UUID nodeId) {
    return activations.claim(tx, nodeId);
  }

  /**
   * Records the build progress of a claimed node ({status, processed, total, cursor, startedAt,
   * finishedAt}) in {@code tx}, the transaction that wrote the batch, so progress and unified
   * customers commit together.
   */
  public Uni<Void> recordActivationProgress(SqlClient tx, UUID nodeId, ObjectNode build) {
    return activations.recordProgress(tx, nodeId, build);
  }

  // ------------------------------------------------------------------ retention policy

  /**
   * The retention policy of a node of the workspace (spec §1.6 N2, N9, N11), read from the row (not
   * the cache); {@code type} null accepts entry and aggregate nodes. 404 "node not found
   * &lt;id&gt;" for an unknown or foreign node, or one of the other type.
   */
  @WithSession
  public Uni<NodeRetention> findRetention(UUID workspaceId, UUID nodeId, NodeType type) {
    return repository
        .retention(workspaceId, nodeId)
        .onItem()
        .ifNull()
        .failWith(() -> notFound(nodeId))
        .map(r -> requireType(r, type));
  }

  /**
   * Changes a node's retention policy (spec §1.6 N3, N10, N12): {@code enabled} and {@code events}
   * (months per event type name, replacing the stored map) each when not null; the other part is
   * left as stored. Each part is one atomic jsonb statement, so concurrent writers of the two parts
   * never lose each other's change. The caller validates event types and months (the retention
   * feature); the node caches are dropped after the commit so N1's {@code retentionState} follows.
   * 404 like {@link #findRetention}.
   */
  public Uni<NodeRetention> changeRetention(
      UUID workspaceId, UUID nodeId, NodeType type, Boolean enabled, Map<String, Integer> events) {
    return committed(
        () ->
            repository
                .retention(workspaceId, nodeId)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(nodeId))
                .map(r -> requireType(r, type))
                .call(
                    r ->
                        enabled == null
                            ? Uni.createFrom().voidItem()
                            : repository.setRetentionEnabled(workspaceId, nodeId, enabled))
                .call(
                    r ->
                        events == null
                            ? Uni.createFrom().voidItem()
                            : repository.setRetentionEvents(workspaceId, nodeId, events))
                .map(r -> changed(r, enabled, events)));
  }

  private static NodeRetention requireType(NodeRetention r, NodeType type) {
    if (type != null && r.type() != type) {
      throw notFound(r.nodeId());
    }
    return r;
  }

  private static NodeRetention changed(
      NodeRetention r, Boolean enabled, Map<String, Integer> events) {
    return new NodeRetention(
        r.nodeId(),
        r.workspaceId(),
        r.type(),
        r.entryNodes(),
        enabled == null ? r.enabled() : enabled,
        events == null ? r.events() : new java.util.TreeMap<>(events));
  }

  /** The retention policy of every node (entry and aggregate) of these workspaces. */
  @WithSession
  public Uni<List<NodeRetention>> findRetentions(List<UUID> workspaceIds) {
    return workspaceIds.isEmpty()
        ? Uni.createFrom().item(List.of())
        : repository.retentions(workspaceIds);
  }

  /** The workspaces having at least one node whose retention policy is enabled. */
  @WithSession
  public Uni<List<UUID>> findWorkspacesWithNodeRetention() {
    return repository.workspacesWithRetention();
  }

  // ---------------------------------------------------------- default matching policy

  Uni<MatchingPolicy> defaultPolicy(Workspace w) {
    JsonNode stored = w.setting(WorkspaceSettings.DEFAULT_MATCHING_POLICY);
    if (stored.isMissingNode() || stored.isNull()) {
      return Uni.createFrom().item(MatchingPolicy.DEFAULT);
    }
    List<String> properties = new ArrayList<>();
    stored.path("properties").forEach(p -> properties.add(p.asText()));
    return Uni.createFrom()
        .item(new MatchingPolicy(properties, stored.path("caseSensitive").asBoolean(false)));
  }

  Uni<MatchingPolicy> modifyDefaultPolicy(UUID workspaceId, MatchingPolicy policy) {
    List<FieldError> errors = new ArrayList<>();
    checkPolicy("", policy, errors);
    if (!errors.isEmpty()) {
      return Uni.createFrom()
          .failure(
              ApiException.badRequest(
                  errors.stream()
                      .map(e -> new FieldError(e.path().substring(1), e.message()))
                      .toList()));
    }
    MatchingPolicy normalised = policy.normalised();
    return workspaces
        .updateSettings(workspaceId, Map.of(WorkspaceSettings.DEFAULT_MATCHING_POLICY, normalised))
        .replaceWith(normalised);
  }

  /**
   * Runs {@code work} in a transaction and drops the node caches once it has committed: dropped
   * before the commit, a concurrent load could cache the old row again until the cache expires.
   */
  private <T> Uni<T> committed(Supplier<Uni<T>> work) {
    return Panache.withTransaction(work).call(this::forgetNodes);
  }

  private Uni<Void> forgetNodes(Object ignored) {
    return nodes.invalidateAll().chain(aggregates::invalidateAll);
  }
}
