package io.customer360.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.customer.BaseProperties;
import io.customer360.node.NodeRequests.AggregateNodeRequest;
import io.customer360.node.NodeRequests.EntryNodeRequest;
import io.customer360.node.NodeRequests.NodeSummary;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Entry and aggregate nodes. Every customer write needs its node and the aggregates that contain
 * it, so both lookups are cached briefly; node writes clear this replica's caches at once.
 */
@ApplicationScoped
public class NodeService {

  private final NodeRepository repository;
  private final WorkspaceService workspaces;
  private final Pool pool;
  private final Cache nodes;
  private final Cache aggregates;

  NodeService(
      NodeRepository repository,
      WorkspaceService workspaces,
      Pool pool,
      @CacheName("nodes") Cache nodes,
      @CacheName("aggregates-of-entry") Cache aggregates) {
    this.repository = repository;
    this.workspaces = workspaces;
    this.pool = pool;
    this.nodes = nodes;
    this.aggregates = aggregates;
  }

  /** A node of the workspace; a node of another workspace answers 404 like an unknown one. */
  public Uni<Node> find(UUID workspaceId, UUID nodeId) {
    return nodes
        .getAsync(
            nodeId,
            id ->
                repository.find(id).onItem().ifNull().failWith(() -> ApiException.nodeNotFound(id)))
        .map(
            n -> {
              if (!n.workspaceId().equals(workspaceId)) {
                throw ApiException.nodeNotFound(nodeId);
              }
              return n;
            });
  }

  public Uni<Node> findEntry(UUID workspaceId, UUID nodeId) {
    return find(workspaceId, nodeId).map(n -> require(n, NodeType.ENTRY, "Entry node"));
  }

  public Uni<Node> findAggregate(UUID workspaceId, UUID nodeId) {
    return find(workspaceId, nodeId).map(n -> require(n, NodeType.AGGREGATE, "Aggregate node"));
  }

  private static Node require(Node n, NodeType type, String what) {
    if (n.type() != type) {
      throw ApiException.nodeNotFound(n.id());
    }
    return n;
  }

  /** The aggregate nodes that unify customers of this entry node, in any state. */
  public Uni<List<Node>> aggregatesOf(UUID entryNodeId) {
    return aggregates.getAsync(entryNodeId, repository::aggregatesOf);
  }

  public Uni<Paged<NodeSummary>> list(UUID workspaceId, NodeType type, PageRequest page) {
    return page(workspaceId, type, page, NodeSummary::of);
  }

  public <T> Uni<Paged<T>> page(
      UUID workspaceId, NodeType type, PageRequest page, Function<Node, T> mapper) {
    return repository
        .page(workspaceId, type, page)
        .map(
            rows ->
                Paged.of(
                    Db.list(rows, r -> mapper.apply(repository.toNode(r))), page, Db.total(rows)));
  }

  public Uni<List<Node>> findByWorkspaces(List<UUID> workspaceIds) {
    return workspaceIds.isEmpty()
        ? Uni.createFrom().item(List.of())
        : repository.findByWorkspaces(workspaceIds);
  }

  // ------------------------------------------------------------------------- entry nodes

  Uni<Node> createEntry(UUID workspaceId, EntryNodeRequest r) {
    return validateEntry(workspaceId, r)
        .chain(
            policy ->
                repository.insert(
                    new Node(
                        UUID.randomUUID(),
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
                        false)))
        .invoke(n -> Log.infof("entry node %s created in workspace %s", n.id(), workspaceId))
        .call(this::forgetNodes);
  }

  Uni<Node> modifyEntry(UUID workspaceId, UUID nodeId, EntryNodeRequest r) {
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
    return findEntry(workspaceId, nodeId)
        .chain(
            current ->
                validateEntry(workspaceId, r).chain(policy -> changeEntry(current, r, policy)));
  }

  private Uni<Node> changeEntry(Node current, EntryNodeRequest r, MatchingPolicy policy) {
    Uni<Void> guard =
        policy.equals(current.uniquePolicy().normalised())
            ? Uni.createFrom().voidItem()
            : repository
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
    Node changed =
        new Node(
            current.id(),
            current.workspaceId(),
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
            current.retentionEnabled());
    return guard.chain(() -> repository.update(changed)).call(this::forgetNodes);
  }

  /** Only the unique-customer policy of an entry node (the deprecated M3 route). */
  Uni<MatchingPolicy> modifyUniquePolicy(UUID workspaceId, UUID nodeId, MatchingPolicy policy) {
    return findEntry(workspaceId, nodeId)
        .chain(
            n ->
                modifyEntry(
                    workspaceId,
                    nodeId,
                    new EntryNodeRequest(
                        n.id(),
                        n.name(),
                        n.description(),
                        n.imageUrl(),
                        policy,
                        n.sourcePriority(),
                        n.mandatoryProperties())))
        .map(Node::uniquePolicy);
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
        .map(
            n -> {
              if (n != sources.size()) {
                throw ApiException.badRequest(
                    "sourcePriority", "every id must be a source of this workspace");
              }
              return policy.normalised();
            });
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

  Uni<Void> empty(UUID workspaceId, UUID nodeId, boolean eventsOnly) {
    return findEntry(workspaceId, nodeId)
        .chain(
            n -> pool.withTransaction(tx -> repository.empty(tx, workspaceId, nodeId, eventsOnly)))
        .invoke(() -> Log.infof("node %s emptied (eventsOnly=%s)", nodeId, eventsOnly));
  }

  // --------------------------------------------------------------------- aggregate nodes

  Uni<Node> createAggregate(UUID workspaceId, AggregateNodeRequest r) {
    if (r.state() != null && r.state() != AggregateState.NEW) {
      return Uni.createFrom()
          .failure(
              ApiException.unprocessable(
                  "state", "a new aggregate node starts in state NEW; activate it afterwards"));
    }
    return validateAggregate(workspaceId, r)
        .chain(
            () ->
                repository.insert(
                    new Node(
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
                        false)))
        .invoke(n -> Log.infof("aggregate node %s created in workspace %s", n.id(), workspaceId))
        .call(this::forgetNodes);
  }

  Uni<Node> modifyAggregate(UUID workspaceId, UUID nodeId, AggregateNodeRequest r) {
    if (r.id() != null && !r.id().equals(nodeId)) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("id", "must equal the node id of the path"));
    }
    return findAggregate(workspaceId, nodeId)
        .chain(
            current -> {
              List<FieldError> errors = new ArrayList<>();
              if (!new HashSet<>(r.entryNodes()).equals(new HashSet<>(current.entryNodes()))) {
                errors.add(new FieldError("entryNodes", "cannot be changed"));
              }
              if (!r.matchingProperties().normalised().equals(current.matchingProperties())) {
                errors.add(new FieldError("matchingProperties", "cannot be changed"));
              }
              if (!errors.isEmpty()) {
                throw ApiException.badRequest(errors);
              }
              Node changed =
                  new Node(
                      current.id(),
                      workspaceId,
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
              Uni<Node> updated = repository.update(changed).call(this::forgetNodes);
              if (r.state() == null || r.state() == current.state()) {
                return updated;
              }
              return updated.chain(n -> changeState(workspaceId, nodeId, r.state()));
            });
  }

  /** The only transition is NEW to ACTIVE; it queues the build of the unified customers. */
  Uni<Node> changeState(UUID workspaceId, UUID nodeId, AggregateState target) {
    return findAggregate(workspaceId, nodeId)
        .chain(
            current -> {
              if (current.state() == target) {
                return Uni.createFrom().item(current);
              }
              if (current.state() != AggregateState.NEW || target != AggregateState.ACTIVE) {
                throw ApiException.unprocessable(
                    "state",
                    "the only allowed transition is NEW -> ACTIVE (node is "
                        + current.state()
                        + ")");
              }
              return repository
                  .activate(workspaceId, nodeId)
                  .onItem()
                  .ifNull()
                  .failWith(
                      () -> ApiException.conflict("state", "the node changed state meanwhile"))
                  .invoke(n -> Log.infof("aggregate node %s activated", nodeId))
                  .call(this::forgetNodes);
            });
  }

  private Uni<Void> validateAggregate(UUID workspaceId, AggregateNodeRequest r) {
    List<FieldError> errors = new ArrayList<>();
    checkPolicy("matchingProperties", r.matchingProperties(), errors);
    List<ExclusionFilter> filters = r.exclusionFilters() == null ? List.of() : r.exclusionFilters();
    for (int i = 0; i < filters.size(); i++) {
      ExclusionFilter f = filters.get(i);
      if ((f.value() == null) == (f.pattern() == null)) {
        errors.add(
            new FieldError(
                "exclusionFilters[" + i + "]", "must set exactly one of value or pattern"));
      } else if (f.pattern() != null) {
        try {
          java.util.regex.Pattern.compile(f.pattern());
        } catch (java.util.regex.PatternSyntaxException e) {
          errors.add(
              new FieldError(
                  "exclusionFilters[" + i + "].pattern", "must be a regular expression"));
        }
      }
    }
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

  private Uni<Void> forgetNodes(Object ignored) {
    return nodes.invalidateAll().chain(aggregates::invalidateAll);
  }
}
