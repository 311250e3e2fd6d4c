package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.Keys;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.identity.IdentityService;
import io.customer360.identity.UnifiedCustomer;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Customer reads (spec §1.12): an entry or unified customer by id, a node's customers (CU1), the
 * entry customers of a unified customer (A1), lookups by identifier and the export (X1). Every
 * customer is rendered by {@link CustomerJson}; a caller reads only the nodes it may read, another
 * workspace's ids answer 404.
 */
@ApplicationScoped
public class CustomerQueryService {

  private final CustomerRepository repository;
  private final NodeService nodes;
  private final IdentityService identity;
  private final CustomerEventStore events;
  private final CustomerSearchIndex index;
  private final CustomerConsentLog consents;
  private final Pool pool;
  private final String defaultPhoneRegion;

  /** Most matches a search reaches ({@code customer360.limits.search-cap}, spec CU1). */
  private final int searchCap;

  CustomerQueryService(
      CustomerRepository repository,
      NodeService nodes,
      IdentityService identity,
      CustomerEventStore events,
      CustomerSearchIndex index,
      CustomerConsentLog consents,
      Pool pool,
      Customer360Config config) {
    this.index = index;
    this.consents = consents;
    this.pool = pool;
    this.repository = repository;
    this.nodes = nodes;
    this.identity = identity;
    this.events = events;
    this.defaultPhoneRegion = config.identity().defaultPhoneRegion();
    this.searchCap = config.limits().searchCap();
  }

  /** An entry customer the caller may read, else the unified customer with that id, else 404. */
  public Uni<ObjectNode> findAny(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .chain(
            c ->
                c != null
                    ? Uni.createFrom().item(CustomerJson.render(readable(tenant, c)))
                    : findUnified(tenant, id));
  }

  private Uni<ObjectNode> findUnified(Tenant tenant, UUID id) {
    return identity
        .findUnified(tenant.workspaceId(), id)
        .map(u -> CustomerJson.render(readableUnified(tenant, u)));
  }

  /**
   * A1: a page of the entry customers that make up unified customer {@code unifiedId}, oldest
   * registration first, only those of nodes the caller may read, each rendered by {@link
   * CustomerJson} like GET. 404 when {@code unifiedId} is no unified customer of the workspace, 301
   * to the survivor when it was merged away.
   */
  public Uni<Paged<ObjectNode>> entryCustomers(Tenant tenant, UUID unifiedId, PageRequest page) {
    return identity
        .entryCustomerIds(tenant.workspaceId(), unifiedId, tenant.readableNodes(), page)
        .chain(ids -> renderPage(tenant.workspaceId(), ids));
  }

  private Uni<Paged<ObjectNode>> renderPage(UUID workspaceId, Paged<UUID> ids) {
    return repository
        .findAll(workspaceId, ids.elements())
        .map(found -> new Paged<>(inOrder(ids.elements(), found), ids.page()));
  }

  /** The customers in the order of {@code ids}, rendered; ids deleted meanwhile are left out. */
  private static List<ObjectNode> inOrder(List<UUID> ids, List<Customer> found) {
    Map<UUID, Customer> byId = new HashMap<>();
    found.forEach(c -> byId.put(c.id(), c));
    return ids.stream().map(byId::get).filter(Objects::nonNull).map(CustomerJson::render).toList();
  }

  private static UnifiedCustomer readableUnified(Tenant tenant, UnifiedCustomer unified) {
    if (unified == null) {
      throw ApiException.notFound("Customer");
    }
    tenant.requireRead(unified.nodeId());
    return unified;
  }

  /** An entry customer the caller may read; 404 when there is none. */
  public Uni<Customer> findEntry(Tenant tenant, UUID id) {
    return repository.find(tenant.workspaceId(), id).map(c -> readable(tenant, c));
  }

  private static Customer readable(Tenant tenant, Customer c) {
    if (c == null) {
      throw ApiException.notFound("Customer");
    }
    tenant.requireRead(c.nodeId());
    return c;
  }

  /**
   * The customers of an entry node holding an identifier (for lookups by e-mail, mobile or external
   * id, as the loyalty dialect needs them): {@code type} is one of {@link
   * CustomerIdentifiers#TYPES} (else 400 naming {@code type}); {@code value} is compared in its
   * normalised form (NFC; e-mail lowercased; mobile in E.164 of the workspace's phone region).
   */
  public Uni<List<Customer>> findByIdentifier(
      Tenant tenant, UUID nodeId, String type, String value) {
    if (!CustomerIdentifiers.TYPES.contains(type)) {
      throw ApiException.badRequest(
          "type", "must be one of " + String.join(", ", CustomerIdentifiers.TYPES));
    }
    tenant.requireRead(nodeId);
    String key =
        CustomerIdentifiers.normalize(
            type, value, CustomerIdentifiers.region(tenant.workspace(), defaultPhoneRegion));
    if (key == null) {
      return Uni.createFrom().item(List.of());
    }
    return repository.findByIdentifier(tenant.workspaceId(), nodeId, type, key);
  }

  /**
   * CU1 as the API answers it, from the raw parameters: {@code nodeId} is required (else 400),
   * {@code page} (from 0) and {@code size} (default 10, at most 50) must stay within the search cap
   * (else 400 naming them), then {@link #search} and each customer cut to {@code fields}
   * (comma-separated property paths, {@code id} always kept; null or blank: whole customers). The
   * one code path of {@code GET /customers} and of every list of customers by a query (segments).
   */
  public Uni<Paged<ObjectNode>> searchPage(
      Tenant tenant,
      UUID nodeId,
      String externalId,
      String query,
      String fields,
      String sort,
      Integer page,
      Integer size) {
    if (nodeId == null) {
      throw ApiException.badRequest("nodeId", "is required");
    }
    PageRequest request = PageRequest.search(page, size, searchCap, 50);
    if (request.offset() >= searchCap) {
      throw ApiException.badRequest("page", "must stay within the first " + searchCap + " matches");
    }
    Projection projection = Projection.of(fields);
    return search(tenant, nodeId, externalId, query, sort, request)
        .map(p -> new Paged<>(p.elements().stream().map(projection::apply).toList(), p.page()));
  }

  /**
   * CU1: a page of a node's customers from the search index ({@link CustomerSearchIndex}): an entry
   * node's entry customers or an ACTIVE aggregate node's unified customers (any other node is a 400
   * naming nodeId) matching {@code query} (spec §4), in {@code sort} order, then loaded from
   * PostgreSQL by id in one query and rendered by {@link CustomerJson} in the index's order (a
   * customer deleted since it was indexed is left out). {@code externalId} keeps the customers with
   * that external id (a unified customer: with a member of it), compared as the entry nodes store
   * it ({@link #externalIdMembers}). {@code page.totalElements} counts matches up to the search
   * cap, {@code totalUnfilteredElements} the node's customers in the index. No database connection
   * is held while the index answers.
   */
  public Uni<Paged<ObjectNode>> search(
      Tenant tenant, UUID nodeId, String externalId, String query, String sort, PageRequest page) {
    tenant.requireRead(nodeId);
    CustomerSearchIndex.Prepared prepared = index.prepare(tenant.workspace(), query, sort);
    UUID workspaceId = tenant.workspaceId();
    return nodes
        .find(workspaceId, nodeId)
        .chain(
            node ->
                externalIdMembers(workspaceId, searchable(node), externalId)
                    .chain(members -> prepared.run(node, members, page))
                    .chain(hits -> load(workspaceId, node, hits, page)));
  }

  private static Node searchable(Node node) {
    if (!node.isEntry() && !node.isActiveAggregate()) {
      throw ApiException.badRequest("nodeId", "must be an entry node or an ACTIVE aggregate node");
    }
    return node;
  }

  /**
   * The entry customers with external id {@code externalId} in the node (an aggregate node: in its
   * entry nodes), null without filter (issue 13, fault 13): the NFC external-id identifier matches
   * exactly; in entry nodes whose unique key is the external id alone, case-insensitive, the
   * case-folded unique key matches. Exact and case-sensitive where the node says so, which the
   * lowercase-normalised index field cannot be; at most the search cap.
   */
  private Uni<List<UUID>> externalIdMembers(UUID workspaceId, Node node, String externalId) {
    if (externalId == null) {
      return Uni.createFrom().nullItem();
    }
    String identifier =
        CustomerIdentifiers.normalize(CustomerIdentifiers.EXTERNAL_ID, externalId, null);
    String folded = Keys.normalizeKey(externalId, false);
    if (identifier == null) {
      return Uni.createFrom().item(List.of());
    }
    List<UUID> entryNodes =
        node.isEntry()
            ? List.of(node.id())
            : Objects.requireNonNullElse(node.entryNodes(), List.of());
    if (entryNodes.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Multi.createFrom()
        .iterable(entryNodes)
        .onItem()
        .transformToUniAndConcatenate(id -> nodes.find(workspaceId, id))
        .filter(IdentityService::keyedByFoldedExternalId)
        .map(Node::id)
        .collect()
        .asList()
        .chain(
            foldedNodes ->
                repository.idsByExternalId(entryNodes, identifier, foldedNodes, folded, searchCap));
  }

  /** The customers of the hits, loaded in one query and rendered in the hits' order. */
  private Uni<Paged<ObjectNode>> load(
      UUID workspaceId, Node node, CustomerSearchIndex.Hits hits, PageRequest page) {
    PageInfo info = PageInfo.capped(page, hits.total(), hits.unfiltered(), searchCap);
    if (node.isEntry()) {
      return repository
          .findAll(workspaceId, hits.ids())
          .map(found -> new Paged<>(inOrder(hits.ids(), found), info));
    }
    return identity
        .findUnifiedAll(workspaceId, hits.ids())
        .map(found -> new Paged<>(unifiedInOrder(hits.ids(), found), info));
  }

  private static List<ObjectNode> unifiedInOrder(List<UUID> ids, List<UnifiedCustomer> found) {
    Map<UUID, UnifiedCustomer> byId = new HashMap<>();
    found.forEach(u -> byId.put(u.id(), u));
    return ids.stream().map(byId::get).filter(Objects::nonNull).map(CustomerJson::render).toList();
  }

  /**
   * X1: the customer with all their events, {customer, events}. An entry customer's events are its
   * own; a unified customer's the union of its members' events (issue 13, fault 15), each member's
   * oldest first. 404 when {@code id} is neither. Once the data is read, the export is logged as a
   * DATA_PORTABILITY_REQUESTED consent-log entry of each entry customer it holds (a unified
   * customer: each member), attributed to the caller (spec §1.11); an export that cannot be logged
   * fails.
   */
  public Uni<ObjectNode> export(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .chain(c -> c != null ? exportEntry(tenant, c) : exportUnified(tenant, id));
  }

  private Uni<ObjectNode> exportEntry(Tenant tenant, Customer c) {
    ObjectNode customer = CustomerJson.render(readable(tenant, c));
    return events
        .findAll(tenant.workspaceId(), c.id())
        .map(list -> exportOf(customer, list))
        .call(() -> logExport(tenant, List.of(c)));
  }

  private Uni<ObjectNode> exportUnified(Tenant tenant, UUID id) {
    UUID ws = tenant.workspaceId();
    return findUnified(tenant, id)
        .chain(
            customer ->
                identity
                    .memberIds(ws, id)
                    .chain(ids -> repository.findAll(ws, ids))
                    .chain(
                        members ->
                            eventsOf(ws, members.stream().map(Customer::id).toList())
                                .map(list -> exportOf(customer, list))
                                .call(() -> logExport(tenant, members))));
  }

  private Uni<Void> logExport(Tenant tenant, List<Customer> exported) {
    return consents.recordExport(
        pool,
        tenant.workspaceId(),
        exported.stream().map(c -> new CustomerConsentLog.Subject(c.id(), c.nodeId())).toList(),
        tenant.caller());
  }

  /**
   * The ids of the customers that hold the unique key {@code values} carries (a customer-shaped
   * object, e.g. {@code {"externalId":"c-1"}}) in any of {@code entryNodes}, each node reading it
   * by its own unique-customer policy (normalised like the key of a write: {@link UniqueKey}); one
   * query. Nodes whose unique properties {@code values} lacks are skipped; null when it lacks them
   * for every node.
   */
  public Uni<List<UUID>> idsByUniqueKey(Tenant tenant, List<Node> entryNodes, JsonNode values) {
    String region = CustomerIdentifiers.region(tenant.workspace(), defaultPhoneRegion);
    List<UUID> nodeIds = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Node node : entryNodes) {
      String key = UniqueKey.of(node.uniquePolicy(), values, region, new ArrayList<>());
      if (key != null) {
        nodeIds.add(node.id());
        keys.add(key);
      }
    }
    if (nodeIds.isEmpty()) {
      return Uni.createFrom().nullItem();
    }
    return repository.idsByUniqueKeys(tenant.workspaceId(), nodeIds, keys);
  }

  /** The events of all the given customers, one member after the other. */
  private Uni<List<JsonNode>> eventsOf(UUID workspaceId, List<UUID> customerIds) {
    if (customerIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Multi.createFrom()
        .iterable(customerIds)
        .onItem()
        .transformToUniAndConcatenate(id -> events.findAll(workspaceId, id))
        .collect()
        .in(ArrayList::new, List::addAll);
  }

  private static ObjectNode exportOf(ObjectNode customer, List<JsonNode> events) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("customer", customer);
    out.putArray("events").addAll(events);
    return out;
  }
}
