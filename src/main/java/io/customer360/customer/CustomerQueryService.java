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
import io.customer360.customer.CustomerRepository.CustomerPage;
import io.customer360.identity.IdentityService;
import io.customer360.identity.UnifiedCustomer;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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
  private final String defaultPhoneRegion;

  /** Most matches a search reaches ({@code customer360.limits.search-cap}, spec CU1). */
  private final int searchCap;

  CustomerQueryService(
      CustomerRepository repository,
      NodeService nodes,
      IdentityService identity,
      CustomerEventStore events,
      Customer360Config config) {
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
   * CU1: a page of a node's customers. An entry node answers its customers ({@code externalId}
   * filters by the external-id identifier; {@code sort} as {@link CustomerRepository#orderBy}); an
   * ACTIVE aggregate node its unified customers. {@code page.totalElements} is the count of matches
   * (capped at {@code customer360.limits.search-cap}) also when {@code size=0}, {@code
   * totalUnfilteredElements} the node's count before the filter (issue 13, faults 19 and 24).
   */
  public Uni<Paged<ObjectNode>> search(
      Tenant tenant, UUID nodeId, String externalId, String sort, PageRequest page) {
    tenant.requireRead(nodeId);
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .chain(node -> searchNode(tenant, node, externalId, sort, page));
  }

  private Uni<Paged<ObjectNode>> searchNode(
      Tenant tenant, Node node, String externalId, String sort, PageRequest page) {
    if (node.isActiveAggregate()) {
      return identity
          .searchUnified(tenant.workspaceId(), node, externalId, page, sort)
          .map(CustomerQueryService::renderUnified);
    }
    if (!node.isEntry()) {
      throw ApiException.badRequest("nodeId", "must be an entry node or an ACTIVE aggregate node");
    }
    return repository
        .page(node.id(), externalIdKey(node, externalId), sort, page, searchCap)
        .map(p -> pageOf(p, page));
  }

  /**
   * The external-id filter of an entry node in the form its index holds (issue 13, fault 13): the
   * unique key (case-folded) when the node's unique key is the external id alone and
   * case-insensitive, else the NFC external-id identifier; "" (matching nothing) when nothing is
   * left after trimming; null without filter.
   */
  static CustomerRepository.ExternalIdKey externalIdKey(Node node, String externalId) {
    if (externalId == null) {
      return null;
    }
    if (IdentityService.keyedByFoldedExternalId(node)) {
      String key = Keys.normalizeKey(externalId, false);
      return new CustomerRepository.ExternalIdKey(null, key == null ? "" : key);
    }
    String normal =
        CustomerIdentifiers.normalize(CustomerIdentifiers.EXTERNAL_ID, externalId, null);
    return new CustomerRepository.ExternalIdKey(normal == null ? "" : normal, null);
  }

  private static Paged<ObjectNode> renderUnified(Paged<UnifiedCustomer> unified) {
    return new Paged<>(
        unified.elements().stream().map(CustomerJson::render).toList(), unified.page());
  }

  private Paged<ObjectNode> pageOf(CustomerPage p, PageRequest page) {
    return new Paged<>(
        p.customers().stream().map(CustomerJson::render).toList(),
        PageInfo.capped(page, p.total(), p.unfiltered(), searchCap));
  }

  /**
   * X1: the customer with all their events, {customer, events}. An entry customer's events are its
   * own; a unified customer's the union of its members' events (issue 13, fault 15), each member's
   * oldest first. 404 when {@code id} is neither.
   */
  public Uni<ObjectNode> export(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .chain(c -> c != null ? exportEntry(tenant, c) : exportUnified(tenant, id));
  }

  private Uni<ObjectNode> exportEntry(Tenant tenant, Customer c) {
    ObjectNode customer = CustomerJson.render(readable(tenant, c));
    return events.findAll(tenant.workspaceId(), c.id()).map(list -> exportOf(customer, list));
  }

  private Uni<ObjectNode> exportUnified(Tenant tenant, UUID id) {
    return findUnified(tenant, id)
        .chain(
            customer ->
                identity
                    .memberIds(tenant.workspaceId(), id)
                    .chain(members -> eventsOf(tenant.workspaceId(), members))
                    .map(list -> exportOf(customer, list)));
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
