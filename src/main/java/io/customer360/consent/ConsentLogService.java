package io.customer360.consent;

import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.consent.ConsentLogResponses.ConsentLogResponse;
import io.customer360.customer.CustomerQueryService;
import io.customer360.identity.IdentityService;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Reads of the consent log (spec §1.11 K1, K2) for DPO, ADMIN and CLAB_OPERATOR (the resource's
 * roles). ADMIN and CLAB_OPERATOR read every entry of the workspace; a DPO only the entries of
 * nodes they may read (node permissions, like every customer read). Entries are always those of
 * entry customers: a unified customer's consents derive from its members', so its id stands for its
 * members and an aggregate node for its entry nodes.
 */
@ApplicationScoped
public class ConsentLogService {

  private final ConsentLogRepository repository;
  private final NodeService nodes;
  private final IdentityService identity;
  private final CustomerQueryService customers;
  private final CaffeineCache saturated;

  /** Most matches a K2 search counts and pages through ({@code customer360.limits.search-cap}). */
  private final int cap;

  ConsentLogService(
      ConsentLogRepository repository,
      NodeService nodes,
      IdentityService identity,
      CustomerQueryService customers,
      @CacheName("consent-log-saturated") Cache saturated,
      Customer360Config config) {
    this.repository = repository;
    this.saturated = saturated.as(CaffeineCache.class);
    this.nodes = nodes;
    this.identity = identity;
    this.customers = customers;
    this.cap = config.limits().searchCap();
  }

  /**
   * K1: the entry with this id. 404 when the workspace has none (another workspace's id included);
   * 403 for a DPO when the entry's node is not one they may read.
   */
  public Uni<ConsentLogResponse> find(Tenant tenant, long id) {
    return repository.find(tenant.workspaceId(), id).map(e -> readable(tenant, e));
  }

  private static ConsentLogResponse readable(Tenant tenant, ConsentLogResponse e) {
    if (e == null) {
      throw ApiException.notFound("Consent log entry");
    }
    if (tenant.readableNodes() != null && (e.nodeId() == null || !tenant.canRead(e.nodeId()))) {
      throw ApiException.forbidden("The caller may not read node " + e.nodeId());
    }
    return e;
  }

  /**
   * K2: a page of the workspace's entries matching every filter of {@code q}, by date then id
   * (newest first unless ascending). {@code page.totalElements} and {@code totalUnfilteredElements}
   * (the entries the caller may read without the filters) count up to the cap of 10,000 ({@code
   * maxElements}); pages reach no further, narrow the dates to go past it. Filters, in order:
   * {@code nodes} (404 for an unknown node, 403 for one a DPO may not read; an aggregate node
   * stands for its entry nodes), {@code customerId} (a unified customer stands for its members),
   * {@code uniqueKey} (resolved to the customers holding it in the nodes of {@code nodes}, else in
   * every entry node the caller may read; 400 when it holds the unique properties of none of them;
   * a key no customer holds, or no longer holds, answers an empty page: the log keeps no personal
   * data to match it against), then type, property and dates.
   */
  public Uni<Paged<ConsentLogResponse>> search(Tenant tenant, ConsentLogQuery q, PageRequest page) {
    if (page.size() > 0 && page.offset() + page.size() > cap) {
      throw ApiException.badRequest(
          "page", "page and size reach past the " + cap + " entries a search may show");
    }
    return entryNodesOf(tenant, q.nodes())
        .chain(
            nodeIds ->
                customersOf(tenant, q)
                    .chain(ids -> uniqueKeyHolders(tenant, q, nodeIds, ids))
                    .map(ids -> filter(tenant, q, nodeIds, ids)))
        .chain(f -> search(f, page));
  }

  /**
   * What the caller may read without the filters (the total itself when unfiltered), then the page
   * with its total. A count that reached the cap is remembered: the log only grows, so the same
   * filters (and readable nodes) match at least the cap for good, and their next pages skip the
   * count (cache {@code consent-log-saturated}). Counts below the cap are always exact and fresh.
   */
  private Uni<Paged<ConsentLogResponse>> search(ConsentLogRepository.Filter f, PageRequest page) {
    Uni<Long> readable = f.filters() ? readableCount(f.readable()) : Uni.createFrom().nullItem();
    return readable.chain(
        unfiltered ->
            repository
                .search(f, page.offset(), page.size(), cap, isSaturated(f))
                .invoke(found -> rememberIfSaturated(f, found.total()))
                .map(
                    found ->
                        new Paged<>(
                            found.entries(),
                            PageInfo.capped(
                                page,
                                found.total(),
                                unfiltered == null ? found.total() : unfiltered,
                                cap))));
  }

  /** How many entries of the workspace the caller may read, up to the cap. */
  private Uni<Long> readableCount(ConsentLogRepository.Filter all) {
    if (isSaturated(all)) {
      return Uni.createFrom().item((long) cap);
    }
    return repository.count(all, cap).invoke(n -> rememberIfSaturated(all, n));
  }

  private boolean isSaturated(ConsentLogRepository.Filter f) {
    return saturated.getIfPresent(f.countKey()) != null;
  }

  private void rememberIfSaturated(ConsentLogRepository.Filter f, long count) {
    if (count >= cap) {
      saturated.put(f.countKey(), CompletableFuture.completedFuture(Boolean.TRUE));
    }
  }

  /** The entry nodes the {@code nodes} filter stands for, in order; null without the filter. */
  private Uni<List<UUID>> entryNodesOf(Tenant tenant, List<UUID> requested) {
    if (requested == null) {
      return Uni.createFrom().nullItem();
    }
    return Multi.createFrom()
        .iterable(requested)
        .onItem()
        .transformToUniAndConcatenate(id -> nodes.find(tenant.workspaceId(), id))
        .invoke(node -> tenant.requireRead(node.id()))
        .collect()
        .asList()
        .map(ConsentLogService::entryNodes);
  }

  private static List<UUID> entryNodes(List<Node> found) {
    Set<UUID> out = new LinkedHashSet<>();
    for (Node n : found) {
      if (n.isEntry()) {
        out.add(n.id());
      } else {
        out.addAll(Objects.requireNonNullElse(n.entryNodes(), List.of()));
      }
    }
    return List.copyOf(out);
  }

  /** The entry customers {@code customerId} stands for; null without the filter. */
  private Uni<List<UUID>> customersOf(Tenant tenant, ConsentLogQuery q) {
    if (q.customerId() == null) {
      return Uni.createFrom().nullItem();
    }
    return identity
        .memberIds(tenant.workspaceId(), q.customerId())
        .map(members -> members.isEmpty() ? List.of(q.customerId()) : members);
  }

  /**
   * The customers holding the unique key (kept within {@code byId} when both filters are given);
   * {@code byId} unchanged without the filter.
   */
  private Uni<List<UUID>> uniqueKeyHolders(
      Tenant tenant, ConsentLogQuery q, List<UUID> nodeIds, List<UUID> byId) {
    if (q.uniqueKey() == null) {
      return Uni.createFrom().item(byId);
    }
    return scopeOf(tenant, nodeIds)
        .chain(scope -> customers.idsByUniqueKey(tenant, scope, q.uniqueKey()))
        .map(
            holders -> {
              if (holders == null) {
                throw ApiException.badRequest(
                    "uniqueKey",
                    "holds the unique-customer properties of no entry node in scope (e.g."
                        + " {\"externalId\":\"c-1\"} on a node unique by externalId)");
              }
              if (byId == null) {
                return holders;
              }
              List<UUID> both = new ArrayList<>(holders);
              both.retainAll(byId);
              return both;
            });
  }

  /** The entry nodes a unique key is looked up in: the filter's, else every readable one. */
  private Uni<List<Node>> scopeOf(Tenant tenant, List<UUID> nodeIds) {
    if (nodeIds != null) {
      return Multi.createFrom()
          .iterable(nodeIds)
          .onItem()
          .transformToUniAndConcatenate(id -> nodes.find(tenant.workspaceId(), id))
          .collect()
          .asList();
    }
    return nodes
        .findByWorkspaces(List.of(tenant.workspaceId()))
        .map(
            all -> all.stream().filter(Node::isEntry).filter(n -> tenant.canRead(n.id())).toList());
  }

  private static ConsentLogRepository.Filter filter(
      Tenant tenant, ConsentLogQuery q, List<UUID> nodeIds, List<UUID> customerIds) {
    return new ConsentLogRepository.Filter(
        tenant.workspaceId(),
        tenant.readableNodes(),
        customerIds,
        nodeIds,
        q.types(),
        q.properties(),
        q.from(),
        q.until(),
        q.ascending());
  }
}
