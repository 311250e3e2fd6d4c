package io.customer360.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The only writer of the {@code node} table's configuration (Hibernate Reactive Panache); the
 * activation build progress is written by {@link ActivationRepository} inside the build's raw-SQL
 * transaction. Methods run inside the service's session or transaction and return {@link Node}
 * records, never managed entities, except {@link #load} and {@link #loadAggregatesOf}, which open a
 * short session of their own for the node caches.
 */
@ApplicationScoped
class NodeRepository implements PanacheRepositoryBase<NodeEntity, UUID> {

  /** NEW to ACTIVE, queueing the build of the unified customers; 0 rows when no longer NEW. */
  private static final String ACTIVATE =
      """
      update node
         set state = 'ACTIVE',
             updated_at = now(),
             build = jsonb_build_object('status', 'PENDING', 'processed', 0, 'total', null,
                                        'requestedAt',
                                        to_char(now() at time zone 'UTC',
                                                'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       where id = :id and workspace_id = :workspaceId and state = 'NEW'
      """;

  private static final String COUNT_SOURCES =
      """
      select count(*) from source where workspace_id = :workspaceId and id in (:ids)
      """;

  private static final String HAS_CUSTOMERS =
      """
      select exists (select 1 from customer where node_id = :nodeId)
      """;

  /** The aggregate nodes of the entry node's workspace (a handful); filtered by entry in Java. */
  private static final String AGGREGATES_BESIDE =
      """
      from NodeEntity
      where type = 'AGGREGATE'
        and workspaceId = (select e.workspaceId from NodeEntity e where e.id = :entryNode)
      order by createdAt, id
      """;

  /** Sets {@code retention.enabled} alone, so a concurrent write of the map is never lost. */
  private static final String SET_RETENTION_ENABLED =
      """
      update node
         set retention = jsonb_set(retention, '{enabled}', to_jsonb(cast(:enabled as boolean))),
             updated_at = now()
       where id = :id and workspace_id = :workspaceId
      """;

  /** Replaces {@code retention.events} alone, so a concurrent write of the state is never lost. */
  private static final String SET_RETENTION_EVENTS =
      """
      update node
         set retention = jsonb_set(retention, '{events}', cast(cast(:events as text) as jsonb)),
             updated_at = now()
       where id = :id and workspace_id = :workspaceId
      """;

  /** The retention policies of every node of these workspaces (the purge and R1 status). */
  private static final String RETENTIONS =
      """
      select cast(id as text), cast(workspace_id as text), type,
             cast(to_jsonb(entry_nodes) as text), cast(retention as text)
        from node
       where workspace_id in (:workspaceIds)
       order by created_at, id
      """;

  /** The workspaces having at least one node whose retention policy is enabled. */
  private static final String WORKSPACES_WITH_RETENTION =
      """
      select distinct cast(workspace_id as text) from node
       where (retention ->> 'enabled')::boolean
      """;

  private final Db db;
  private final Mutiny.SessionFactory sessions;

  NodeRepository(Db db, Mutiny.SessionFactory sessions) {
    this.db = db;
    this.sessions = sessions;
  }

  /** A page of nodes and the counts of matches and of all nodes of the workspace. */
  record Page(List<Node> elements, long total, long unfiltered) {}

  Uni<Node> insert(Node n) {
    NodeEntity e = new NodeEntity();
    e.id = n.id();
    e.workspaceId = n.workspaceId();
    e.type = n.type().name();
    copy(n, e);
    return persistAndFlush(e).map(this::toNode);
  }

  /** Writes the configuration of an existing node; null when it is not a node of the workspace. */
  Uni<Node> update(Node n) {
    return entity(n.workspaceId(), n.id())
        .onItem()
        .ifNotNull()
        .invoke(e -> copy(n, e))
        .call(this::flush)
        .map(this::toNode);
  }

  private void copy(Node n, NodeEntity e) {
    e.name = n.name();
    e.description = n.description();
    e.imageUrl = n.imageUrl();
    e.uniqueCustomer = db.json(n.uniqueCustomer());
    e.sourcePriority = Db.uuidArray(n.sourcePriority());
    e.mandatoryProperties = Db.stringArray(n.mandatoryProperties());
    e.entryNodes = Db.uuidArray(n.entryNodes());
    e.matchingProperties = db.json(n.matchingProperties());
    e.exclusionFilters = db.json(n.exclusionFilters());
    e.state = n.state() == null ? null : n.state().name();
    e.updatedAt = OffsetDateTime.now();
  }

  /** Moves an aggregate node from NEW to ACTIVE; null when it was no longer NEW. */
  Uni<Node> activate(UUID workspaceId, UUID id) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(ACTIVATE)
                    .setParameter("id", id)
                    .setParameter("workspaceId", workspaceId)
                    .executeUpdate())
        .chain(updated -> updated == 0 ? Uni.createFrom().nullItem() : reread(workspaceId, id));
  }

  /** The row as the statement left it, not as this session's first-level cache remembers it. */
  private Uni<Node> reread(UUID workspaceId, UUID id) {
    return getSession().invoke(Mutiny.Session::clear).chain(() -> find(workspaceId, id));
  }

  /** A node of the workspace in the current session; null when unknown there. */
  Uni<Node> find(UUID workspaceId, UUID id) {
    return entity(workspaceId, id).map(this::toNode);
  }

  private Uni<NodeEntity> entity(UUID workspaceId, UUID id) {
    return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResult();
  }

  /**
   * One node in a session of its own, closed at once: the node cache loads on hot paths,
   * concurrently and outside any unit of work of this feature.
   */
  Uni<Node> load(UUID id) {
    return sessions
        .openStatelessSession()
        .chain(s -> s.get(NodeEntity.class, id).map(this::toNode).eventually(s::close));
  }

  /** Aggregate nodes (any state) containing the entry node, in a session of their own. */
  Uni<List<Node>> loadAggregatesOf(UUID entryNodeId) {
    return sessions
        .openStatelessSession()
        .chain(
            s ->
                s.createSelectionQuery(AGGREGATES_BESIDE, NodeEntity.class)
                    .setParameter("entryNode", entryNodeId)
                    .getResultList()
                    .map(this::toNodes)
                    .map(all -> containing(all, entryNodeId))
                    .eventually(s::close));
  }

  Uni<Page> page(UUID workspaceId, NodeType type, PageRequest page) {
    String all = "workspaceId = :workspaceId";
    Parameters parameters = Parameters.with("workspaceId", workspaceId);
    String query = all;
    if (type != null) {
      query = all + " and type = :type";
      parameters.and("type", type.name());
    }
    Uni<List<Node>> elements =
        page.size() == 0
            ? Uni.createFrom().item(List.of())
            : find(query, Sort.by("createdAt").and("id"), parameters)
                .page(page.page(), page.size())
                .list()
                .map(this::toNodes);
    String countQuery = query;
    return elements.chain(
        list ->
            count(countQuery, parameters)
                .chain(
                    total ->
                        count(all, Parameters.with("workspaceId", workspaceId))
                            .map(unfiltered -> new Page(list, total, unfiltered))));
  }

  Uni<List<Node>> findByWorkspaces(List<UUID> workspaceIds) {
    return list("workspaceId in ?1", Sort.by("createdAt").and("id"), workspaceIds)
        .map(this::toNodes);
  }

  Uni<Long> countEntryNodes(UUID workspaceId, List<UUID> ids) {
    return count("workspaceId = ?1 and type = 'ENTRY' and id in ?2", workspaceId, ids);
  }

  Uni<Long> countSources(UUID workspaceId, List<UUID> ids) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(COUNT_SOURCES, Long.class)
                    .setParameter("workspaceId", workspaceId)
                    .setParameter("ids", ids)
                    .getSingleResult());
  }

  Uni<Boolean> hasCustomers(UUID nodeId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(HAS_CUSTOMERS, Boolean.class)
                    .setParameter("nodeId", nodeId)
                    .getSingleResult());
  }

  /** The node's retention policy in the current session; null when not a node of the workspace. */
  Uni<NodeRetention> retention(UUID workspaceId, UUID id) {
    return entity(workspaceId, id).map(e -> e == null ? null : retentionOf(e));
  }

  /** Sets the retention state of a node of the workspace; answers the rows changed (0 or 1). */
  Uni<Integer> setRetentionEnabled(UUID workspaceId, UUID id, boolean enabled) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(SET_RETENTION_ENABLED)
                    .setParameter("enabled", enabled)
                    .setParameter("id", id)
                    .setParameter("workspaceId", workspaceId)
                    .executeUpdate());
  }

  /** Replaces the per-type months of a node of the workspace; answers the rows changed. */
  Uni<Integer> setRetentionEvents(UUID workspaceId, UUID id, Map<String, Integer> events) {
    Map<String, Map<String, Integer>> stored = new TreeMap<>();
    events.forEach((type, months) -> stored.put(type, Map.of("months", months)));
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(SET_RETENTION_EVENTS)
                    .setParameter("events", db.json(stored))
                    .setParameter("id", id)
                    .setParameter("workspaceId", workspaceId)
                    .executeUpdate());
  }

  /** Every node's retention policy in these workspaces, in creation order (one statement). */
  Uni<List<NodeRetention>> retentions(List<UUID> workspaceIds) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(RETENTIONS, Object[].class)
                    .setParameter("workspaceIds", workspaceIds)
                    .getResultList())
        .map(rows -> rows.stream().map(this::retentionOf).toList());
  }

  /** The ids of the workspaces having a node with an enabled retention policy. */
  Uni<List<UUID>> workspacesWithRetention() {
    return getSession()
        .chain(s -> s.createNativeQuery(WORKSPACES_WITH_RETENTION, String.class).getResultList())
        .map(ids -> ids.stream().map(UUID::fromString).toList());
  }

  private NodeRetention retentionOf(Object[] row) {
    JsonNode entries = db.tree((String) row[3]);
    List<UUID> entryNodes = null;
    if (entries != null && entries.isArray()) {
      entryNodes = new ArrayList<>();
      for (JsonNode n : entries) {
        entryNodes.add(UUID.fromString(n.asText()));
      }
    }
    return retention(
        UUID.fromString((String) row[0]),
        UUID.fromString((String) row[1]),
        NodeType.valueOf((String) row[2]),
        entryNodes,
        (String) row[4]);
  }

  private NodeRetention retentionOf(NodeEntity e) {
    return retention(
        e.id,
        e.workspaceId,
        NodeType.valueOf(e.type),
        e.entryNodes == null ? null : Arrays.asList(e.entryNodes),
        e.retention);
  }

  private NodeRetention retention(
      UUID id, UUID workspaceId, NodeType type, List<UUID> entryNodes, String json) {
    JsonNode doc = db.tree(json);
    Map<String, Integer> events = new TreeMap<>();
    boolean enabled = false;
    if (doc != null) {
      enabled = doc.path("enabled").asBoolean(false);
      doc.path("events")
          .fields()
          .forEachRemaining(f -> events.put(f.getKey(), f.getValue().path("months").asInt(0)));
    }
    return new NodeRetention(id, workspaceId, type, entryNodes, enabled, events);
  }

  private static List<Node> containing(List<Node> aggregates, UUID entryNodeId) {
    return aggregates.stream()
        .filter(a -> a.entryNodes() != null && a.entryNodes().contains(entryNodeId))
        .toList();
  }

  private List<Node> toNodes(List<NodeEntity> entities) {
    return entities.stream().map(this::toNode).toList();
  }

  Node toNode(NodeEntity e) {
    if (e == null) {
      return null;
    }
    JsonNode retention = db.tree(e.retention);
    return new Node(
        e.id,
        e.workspaceId,
        NodeType.valueOf(e.type),
        e.name,
        e.description,
        e.imageUrl,
        db.read(e.uniqueCustomer, MatchingPolicy.class),
        e.sourcePriority == null ? null : Arrays.asList(e.sourcePriority),
        e.mandatoryProperties == null ? null : Arrays.asList(e.mandatoryProperties),
        e.entryNodes == null ? null : Arrays.asList(e.entryNodes),
        db.read(e.matchingProperties, MatchingPolicy.class),
        e.exclusionFilters == null
            ? null
            : List.of(db.read(e.exclusionFilters, ExclusionFilter[].class)),
        e.state == null ? null : AggregateState.valueOf(e.state),
        db.tree(e.build),
        retention != null && retention.path("enabled").asBoolean(false));
  }
}
