package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.identity.IdentityRepository.MemberRow;
import io.customer360.identity.IdentityRepository.Touched;
import io.customer360.identity.IdentityRepository.Unified;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.stream.ChangeLog;
import io.customer360.stream.ChangeLog.Change;
import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLog.Operation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Unified customers: per ACTIVE aggregate node, the connected components of entry customers that
 * share a matching value. The customer feature calls the two maintenance methods inside its write
 * transaction.
 *
 * <p>Maintenance is incremental: a written entry customer's keys find the unified customers that
 * own them (plus the one it already belongs to); none creates a unified customer, one is joined,
 * several are merged into the oldest. Merges are never undone: an entry customer whose matching
 * values change keeps its unified customer, so a component only grows until members are deleted or
 * excluded. Concurrent writers serialise on transaction-scoped advisory locks over the keys (and
 * the membership), taken in hash order, and then row-lock the owners they found.
 */
@ApplicationScoped
public class IdentityService {

  private final IdentityRepository repository;
  private final NodeService nodes;
  private final ChangeLog changes;

  /** Searches of unified customers are capped like customer searches. */
  private final int maxMatches;

  IdentityService(
      IdentityRepository repository,
      NodeService nodes,
      ChangeLog changes,
      Customer360Config config) {
    this.repository = repository;
    this.nodes = nodes;
    this.changes = changes;
    this.maxMatches = config.limits().searchCap();
  }

  /**
   * The aggregate nodes over one entry node, loaded (from the node cache) BEFORE a write
   * transaction starts and handed to the maintenance methods inside it, so that a transaction never
   * asks the pool for a second connection. {@code active}: the ACTIVE ones, in id order (the order
   * in which a write maintains them); {@code all}: every aggregate node over the entry node, in any
   * state (a delete detaches from all of them); {@code phoneRegion}: the ISO 3166 region national
   * phone numbers of the workspace are read in when matching keys are made.
   */
  public record Aggregates(
      UUID entryNodeId, List<Node> active, List<Node> all, String phoneRegion) {

    static Aggregates of(UUID entryNodeId, List<Node> all, String phoneRegion) {
      return new Aggregates(
          entryNodeId,
          all.stream()
              .filter(Node::isActiveAggregate)
              .sorted(Comparator.comparing(Node::id))
              .toList(),
          List.copyOf(all),
          phoneRegion);
    }
  }

  /**
   * The unified customer a new entry customer must belong to in one ACTIVE aggregate node: {@code
   * keys} are its matching keys there ({@link MatchKeys}). A node whose exclusion filters keep the
   * customer out yields no membership.
   */
  public record Membership(UUID aggregateNodeId, List<String> keys) {}

  /** What one entry customer means for one aggregate node. */
  record Plan(Node aggregate, EntryCustomer customer, List<String> keys, boolean excluded) {

    static Plan of(Node aggregate, EntryCustomer customer, String phoneRegion) {
      return new Plan(
          aggregate,
          customer,
          MatchKeys.of(aggregate.matchingProperties(), customer.document(), phoneRegion),
          MatchKeys.excluded(aggregate.exclusionFilters(), customer.document()));
    }

    List<String> lockNames() {
      List<String> names = new ArrayList<>(keys.size() + 1);
      keys.forEach(k -> names.add(aggregate.id() + k));
      names.add(memberLock(aggregate.id(), customer.id()));
      return names;
    }
  }

  static String memberLock(UUID aggregateNodeId, UUID customerId) {
    return aggregateNodeId + "member:" + customerId;
  }

  // ------------------------------------------------------------------------ maintenance

  /**
   * Loads the aggregate nodes over an entry node (node cache); call it before the write
   * transaction. {@code phoneRegion}: the workspace's default phone region (workspace setting
   * {@code defaultPhoneRegion}, else {@code customer360.identity.default-phone-region}).
   */
  public Uni<Aggregates> prepare(UUID entryNodeId, String phoneRegion) {
    return nodes.aggregatesOf(entryNodeId).map(all -> Aggregates.of(entryNodeId, all, phoneRegion));
  }

  /**
   * The memberships of a customer about to be created, from its API JSON (the matching properties
   * and exclusion filters read it): one per ACTIVE aggregate node that does not exclude it, in id
   * order. The create statement writes them (SQL function {@code customer_create}).
   */
  public List<Membership> memberships(Aggregates aggregates, JsonNode customer) {
    List<Membership> out = new ArrayList<>(aggregates.active().size());
    for (Node a : aggregates.active()) {
      if (!MatchKeys.excluded(a.exclusionFilters(), customer)) {
        out.add(
            new Membership(
                a.id(), MatchKeys.of(a.matchingProperties(), customer, aggregates.phoneRegion())));
      }
    }
    return out;
  }

  /**
   * After an entry customer row is inserted or updated, in the same transaction; {@code aggregates}
   * were loaded by {@link #prepare} before it started.
   */
  public Uni<Void> entryCustomerWritten(
      SqlClient tx, Aggregates aggregates, EntryCustomer customer) {
    return apply(
        tx,
        aggregates.active().stream()
            .map(a -> Plan.of(a, customer, aggregates.phoneRegion()))
            .toList());
  }

  /**
   * Before an entry customer row is deleted, in the same transaction: the customer leaves its
   * unified customers (an emptied one is deleted), with change-log rows.
   */
  public Uni<Void> entryCustomerDeleted(
      SqlClient tx, Aggregates aggregates, UUID workspaceId, UUID customerId) {
    List<String> locks =
        aggregates.all().stream().map(a -> memberLock(a.id(), customerId)).toList();
    return repository.lock(tx, locks).chain(() -> detach(tx, workspaceId, customerId, null));
  }

  /**
   * Brings a batch of entry customers into one aggregate node (the activation build); national
   * phone numbers are read in {@code phoneRegion}.
   */
  Uni<Void> rebuild(
      SqlClient tx, Node aggregate, List<EntryCustomer> customers, String phoneRegion) {
    return apply(tx, customers.stream().map(c -> Plan.of(aggregate, c, phoneRegion)).toList());
  }

  /** Takes every lock of every plan at once, in one global order, then applies the plans. */
  private Uni<Void> apply(SqlClient tx, List<Plan> plans) {
    if (plans.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<String> names = new ArrayList<>();
    plans.forEach(p -> names.addAll(p.lockNames()));
    return repository.lock(tx, names).chain(() -> applyInOrder(tx, plans));
  }

  private Uni<Void> applyInOrder(SqlClient tx, List<Plan> plans) {
    return Multi.createFrom()
        .iterable(plans)
        .onItem()
        .transformToUniAndConcatenate(p -> applyOne(tx, p))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> applyOne(SqlClient tx, Plan p) {
    EntryCustomer c = p.customer();
    if (p.excluded()) {
      return detach(tx, c.workspaceId(), c.id(), List.of(p.aggregate().id()));
    }
    return repository.join(
        tx, c.workspaceId(), p.aggregate().id(), c.id(), p.keys(), c.registeredAt(), c.updatedAt());
  }

  private Uni<Void> detach(
      SqlClient tx, UUID workspaceId, UUID customerId, List<UUID> aggregateNodeIds) {
    return repository
        .detach(tx, customerId, aggregateNodeIds)
        .chain(touched -> changes.appendAll(tx, changesOf(workspaceId, touched)));
  }

  private static List<Change> changesOf(UUID workspaceId, List<Touched> touched) {
    return touched.stream()
        .map(
            t ->
                new Change(
                    workspaceId,
                    t.aggregateNodeId(),
                    Entity.UNIFIED_CUSTOMER,
                    t.id(),
                    t.deleted() ? Operation.DELETE : Operation.UPDATE,
                    null))
        .toList();
  }

  // ----------------------------------------------------------------------------- reads

  /**
   * The merged view of a unified customer, or null when {@code id} is no unified customer of the
   * workspace. A merged-away id fails with the pointer to its survivor.
   */
  public Uni<UnifiedCustomer> findUnified(UUID workspaceId, UUID id) {
    return repository
        .findUnified(workspaceId, id)
        .chain(
            u -> {
              if (u == null) {
                return repository
                    .survivorOf(workspaceId, id)
                    .map(
                        survivor -> {
                          if (survivor != null) {
                            throw new MergedCustomerException(
                                survivor, customerPath(workspaceId, survivor));
                          }
                          return null;
                        });
              }
              return render(workspaceId, List.of(u)).map(list -> list.get(0));
            });
  }

  /**
   * A unified customer as the search index holds it: the merged view, the ids of its entry
   * customers and {@code stamp}, the newest update over the unified row and its members (the
   * document's version).
   */
  public record IndexedUnified(
      UnifiedCustomer customer, List<UUID> memberIds, OffsetDateTime stamp) {}

  /**
   * For the search index: the unified customers with these ids, of any workspace, rendered with two
   * queries in all; ids that no longer exist are left out.
   */
  public Uni<List<IndexedUnified>> findForIndex(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return repository.findForIndex(ids).chain(this::renderForIndex);
  }

  /**
   * For a rebuild of the search index: up to {@code limit} unified customers of every workspace
   * whose id follows {@code after} (null: from the first), in id order, rendered.
   */
  public Uni<List<IndexedUnified>> pageForIndex(UUID after, int limit) {
    return repository.pageForIndex(after, limit).chain(this::renderForIndex);
  }

  /** The ids of the unified customers that hold any of these entry customers (one query). */
  public Uni<List<UUID>> unifiedIdsContaining(List<UUID> customerIds) {
    if (customerIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return repository.containing(customerIds);
  }

  private Uni<List<IndexedUnified>> renderForIndex(List<Unified> unified) {
    if (unified.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return repository
        .members(unified.stream().map(Unified::id).toList())
        .chain(members -> indexPriorities(unified, members).map(p -> views(unified, members, p)));
  }

  /**
   * The source priorities of the members' entry nodes over several workspaces (nodes are cached); a
   * node that is gone counts as having none.
   */
  private Uni<Map<UUID, List<UUID>>> indexPriorities(
      List<Unified> unified, List<MemberRow> members) {
    Map<UUID, UUID> workspaceOf = new HashMap<>();
    unified.forEach(u -> workspaceOf.put(u.id(), u.workspaceId()));
    Map<UUID, UUID> nodeWorkspaces = new HashMap<>();
    members.forEach(m -> nodeWorkspaces.put(m.nodeId(), workspaceOf.get(m.unifiedId())));
    if (nodeWorkspaces.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<Uni<Node>> lookups =
        nodeWorkspaces.entrySet().stream()
            .map(e -> nodes.find(e.getValue(), e.getKey()).onFailure().recoverWithNull())
            .toList();
    return Uni.join()
        .all(lookups)
        .andFailFast()
        .map(
            found -> {
              Map<UUID, List<UUID>> out = new HashMap<>();
              for (Node n : found) {
                if (n != null) {
                  out.put(n.id(), n.sourcePriority() == null ? List.of() : n.sourcePriority());
                }
              }
              return out;
            });
  }

  private List<IndexedUnified> views(
      List<Unified> unified, List<MemberRow> members, Map<UUID, List<UUID>> priorities) {
    Map<UUID, List<MemberRow>> byUnified = new HashMap<>();
    members.forEach(m -> byUnified.computeIfAbsent(m.unifiedId(), k -> new ArrayList<>()).add(m));
    List<IndexedUnified> out = new ArrayList<>(unified.size());
    for (Unified u : unified) {
      List<MemberRow> own = byUnified.getOrDefault(u.id(), List.of());
      OffsetDateTime stamp = u.updatedAt();
      for (MemberRow m : own) {
        stamp = max(stamp, m.updatedAt());
      }
      out.add(
          new IndexedUnified(
              view(u, own, priorities), own.stream().map(MemberRow::customerId).toList(), stamp));
    }
    return out;
  }

  static String customerPath(UUID workspaceId, UUID customerId) {
    return "/hub/v1/workspaces/" + workspaceId + "/customers/" + customerId;
  }

  /**
   * The merged views of the unified customers of the workspace with these ids (two queries for all
   * of them), in no particular order; ids that are no unified customer are left out.
   */
  public Uni<List<UnifiedCustomer>> findUnifiedAll(UUID workspaceId, List<UUID> ids) {
    return repository.findUnifiedAll(workspaceId, ids).chain(u -> render(workspaceId, u));
  }

  /**
   * Whether the node's unique key is the external id alone, case-insensitive: its customers' unique
   * keys are then the case-folded external ids.
   */
  public static boolean keyedByFoldedExternalId(Node node) {
    return node.uniquePolicy() != null
        && node.uniquePolicy().properties().equals(List.of("externalId"))
        && !node.uniquePolicy().isCaseSensitive();
  }

  /** Renders unified customers with one query for all their members. */
  private Uni<List<UnifiedCustomer>> render(UUID workspaceId, List<Unified> unified) {
    if (unified.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return repository
        .members(unified.stream().map(Unified::id).toList())
        .chain(
            members ->
                priorities(workspaceId, members)
                    .map(
                        priorities -> {
                          Map<UUID, List<MemberRow>> byUnified = new HashMap<>();
                          members.forEach(
                              m ->
                                  byUnified
                                      .computeIfAbsent(m.unifiedId(), k -> new ArrayList<>())
                                      .add(m));
                          return unified.stream()
                              .map(
                                  u ->
                                      view(
                                          u, byUnified.getOrDefault(u.id(), List.of()), priorities))
                              .toList();
                        }));
  }

  /** The source priority of every entry node the members belong to (nodes are cached). */
  private Uni<Map<UUID, List<UUID>>> priorities(UUID workspaceId, List<MemberRow> members) {
    Set<UUID> nodeIds = new java.util.HashSet<>();
    members.forEach(m -> nodeIds.add(m.nodeId()));
    if (nodeIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<Uni<Node>> lookups = nodeIds.stream().map(id -> nodes.find(workspaceId, id)).toList();
    return Uni.join()
        .all(lookups)
        .andFailFast()
        .map(
            found -> {
              Map<UUID, List<UUID>> out = new HashMap<>();
              found.forEach(
                  n ->
                      out.put(n.id(), n.sourcePriority() == null ? List.of() : n.sourcePriority()));
              return out;
            });
  }

  /**
   * The merged view of a unified customer: its members' documents merged ({@link
   * UnifiedCustomerMerger}), enabled when any member is, registeredAt of the oldest member and
   * updatedAt of the newest.
   */
  UnifiedCustomer view(Unified u, List<MemberRow> members, Map<UUID, List<UUID>> priorities) {
    List<UnifiedCustomerMerger.Member> docs = new ArrayList<>(members.size());
    OffsetDateTime registered = null;
    OffsetDateTime updated = null;
    boolean enabled = false;
    for (MemberRow m : members) {
      JsonNode updatedBy = m.customer().path("sourceInfo").path("updatedBy");
      docs.add(
          new UnifiedCustomerMerger.Member(
              m.customerId(),
              m.nodeId(),
              m.customer(),
              m.updatedAt(),
              updatedBy.isTextual() ? updatedBy.asText() : null));
      registered = min(registered, m.registeredAt());
      updated = max(updated, m.updatedAt());
      enabled |= m.customer().path("enabled").asBoolean(true);
    }
    ObjectNode merged = UnifiedCustomerMerger.merge(docs, priorities);
    JsonNode externalId = merged.remove("externalId");
    return new UnifiedCustomer(
        u.id(),
        u.intId(),
        u.workspaceId(),
        u.aggregateNodeId(),
        externalId == null || externalId.isNull() ? null : externalId.asText(),
        merged,
        enabled,
        registered != null ? registered : u.registeredAt(),
        updated != null ? updated : u.updatedAt(),
        u.version(),
        members.size());
  }

  private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
    return a == null || (b != null && b.isBefore(a)) ? b : a;
  }

  private static OffsetDateTime max(OffsetDateTime a, OffsetDateTime b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }

  /** A unified customer of the workspace, failing 404 (or 301 when merged away). */
  Uni<Unified> requireUnified(UUID workspaceId, UUID id, String suffix) {
    return repository
        .findUnified(workspaceId, id)
        .chain(
            u ->
                u != null
                    ? Uni.createFrom().item(u)
                    : repository
                        .survivorOf(workspaceId, id)
                        .map(
                            survivor -> {
                              if (survivor != null) {
                                throw new MergedCustomerException(
                                    survivor, customerPath(workspaceId, survivor) + suffix);
                              }
                              throw ApiException.notFound("Customer");
                            }));
  }

  /**
   * A page of the ids of the entry customers that make up a unified customer (A1), oldest
   * registration first, limited to the entry nodes in {@code readableNodes} (null: all); the
   * customer feature renders them. Fails 404 when {@code unifiedId} is no unified customer of the
   * workspace, 301 when it was merged away.
   */
  public Uni<Paged<UUID>> entryCustomerIds(
      UUID workspaceId, UUID unifiedId, Set<UUID> readableNodes, PageRequest page) {
    return requireUnified(workspaceId, unifiedId, "/entry-customers")
        .chain(u -> repository.entryCustomerIds(u.id(), readableNodes, page, maxMatches));
  }

  /**
   * The ids of the entry customers that make up a unified customer of the workspace, in no
   * particular order; empty when {@code unifiedId} is no unified customer of it. A unified
   * customer's events are its members' events (issue 13, fault 15).
   */
  public Uni<List<UUID>> memberIds(UUID workspaceId, UUID unifiedId) {
    return repository.memberIds(workspaceId, unifiedId);
  }

  // ----------------------------------------------------------- emptying an entry node

  /**
   * Before the customers of an entry node are deleted (the node is emptied), in the same
   * transaction: their memberships and match keys go set-based; unified customers left without
   * members are deleted, the others restamped, each with a change-log DELETE or UPDATE row.
   */
  public Uni<Void> entryNodeEmptied(SqlClient tx, UUID workspaceId, UUID nodeId) {
    return repository
        .detachNode(tx, workspaceId, nodeId)
        .chain(touched -> repository.restampUnified(tx, workspaceId, touched));
  }
}
