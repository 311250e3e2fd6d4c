package io.customer360.connector.talk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.connector.talk.TalkMapper.Mapped;
import io.customer360.connector.talk.TalkResponses.Result;
import io.customer360.connector.talk.TalkResponses.TalkItemResult;
import io.customer360.customer.Customer;
import io.customer360.customer.CustomerIdentifiers;
import io.customer360.customer.CustomerPropertiesService;
import io.customer360.customer.CustomerQueryService;
import io.customer360.customer.CustomerService;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The talk connector over the core (spec talk-connector.md): upserts talk customers into an entry
 * node through the core's customer writes (create-or-merge with identity resolution; an update of
 * the customer holding the talk id) and renders customers back in the talk shape. Depends on the
 * core only.
 *
 * <p>The entry node must keep customers unique by {@code externalId} (its unique-customer policy is
 * exactly {@code [externalId]}, the default), so a talk id names one customer of the node even
 * under concurrent first deliveries: the database's unique key turns a second create into a merge.
 */
@ApplicationScoped
public class TalkService {

  /** Most talk customers in one request. */
  public static final int MAX_ITEMS = 500;

  private final NodeService nodes;
  private final CustomerService customers;
  private final CustomerQueryService queries;
  private final CustomerPropertiesService properties;

  TalkService(
      NodeService nodes,
      CustomerService customers,
      CustomerQueryService queries,
      CustomerPropertiesService properties) {
    this.nodes = nodes;
    this.customers = customers;
    this.queries = queries;
    this.properties = properties;
  }

  /**
   * Upserts talk customers into the entry node {@code rawNodeId}, one after another, each in its
   * own write (a refused item leaves nothing and does not stop the others). Before the first write
   * the extended properties the valid items need are declared in the workspace's schema (only the
   * missing ones, atomically). 404 for an unknown or foreign node; 400 when the node is not an
   * entry node; 422 when its unique-customer policy is not {@code [externalId]}; 403 without RW on
   * it.
   *
   * @param items the talk customers; {@code array} says whether paths get an {@code [i].} prefix
   */
  public Uni<List<TalkItemResult>> upsert(
      Tenant tenant, String rawNodeId, List<JsonNode> items, boolean array) {
    UUID nodeId = NodeService.nodeId(rawNodeId);
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(node -> requireTalkNode(tenant, node))
        .chain(node -> upsertInto(tenant, node, items, array));
  }

  private static Node requireTalkNode(Tenant tenant, Node node) {
    if (!node.isEntry()) {
      throw ApiException.badRequest("nodeId", "must be an entry node");
    }
    if (!node.uniquePolicy().properties().equals(List.of("externalId"))) {
      throw ApiException.unprocessable(
          "nodeId",
          "the talk connector needs an entry node whose unique-customer policy is [externalId]");
    }
    tenant.requireWrite(node.id());
    return node;
  }

  private Uni<List<TalkItemResult>> upsertInto(
      Tenant tenant, Node node, List<JsonNode> items, boolean array) {
    List<Mapped> mapped = new ArrayList<>(items.size());
    ObjectNode wanted = TalkMapper.definitions(List.of());
    for (int i = 0; i < items.size(); i++) {
      Mapped m = TalkMapper.toCore(items.get(i), array ? "[" + i + "]." : "");
      mapped.add(m);
      if (m.ok()) {
        wanted.setAll(m.definitions());
      }
    }
    boolean anyValid = mapped.stream().anyMatch(Mapped::ok);
    Uni<Tenant> declared =
        anyValid
            ? properties
                .declareExtended(tenant.workspace(), wanted)
                .map(ws -> Tenant.of(ws, tenant.caller(), tenant.permissions()))
            : Uni.createFrom().item(tenant);
    return declared.chain(
        t ->
            Multi.createFrom()
                .range(0, mapped.size())
                .onItem()
                .transformToUniAndConcatenate(i -> one(t, node, i, mapped.get(i)))
                .collect()
                .asList());
  }

  private Uni<TalkItemResult> one(Tenant tenant, Node node, int index, Mapped m) {
    if (!m.ok()) {
      return Uni.createFrom()
          .item(
              new TalkItemResult(
                  index,
                  400,
                  Result.ERROR,
                  m.talkId(),
                  null,
                  ApiException.badRequest(m.errors()).getMessage(),
                  m.errors()));
    }
    return Uni.createFrom()
        .deferred(() -> write(tenant, node, m))
        .map(
            w ->
                new TalkItemResult(
                    index,
                    w.created() ? 201 : 200,
                    w.created() ? Result.CREATED : Result.UPDATED,
                    m.talkId(),
                    w.customer().id(),
                    null,
                    null))
        .onFailure(ApiException.class)
        .recoverWithItem(
            e -> {
              ApiException a = (ApiException) e;
              Log.warnf("talk customer refused in node %s: status %d", node.id(), a.status());
              return new TalkItemResult(
                  index, a.status(), Result.ERROR, m.talkId(), null, a.getMessage(), a.errors());
            });
  }

  /** Updates the node's customer holding the talk id, else creates one (merging on a race). */
  private Uni<CustomerService.Written> write(Tenant tenant, Node node, Mapped m) {
    return queries
        .findByIdentifier(tenant, node.id(), CustomerIdentifiers.EXTERNAL_ID, m.talkId())
        .chain(
            found -> found.isEmpty() ? create(tenant, node, m) : update(tenant, found.get(0), m));
  }

  private Uni<CustomerService.Written> create(Tenant tenant, Node node, Mapped m) {
    ObjectNode body = m.request().deepCopy();
    body.put("nodeId", node.id().toString());
    return customers.create(tenant, body, null);
  }

  private Uni<CustomerService.Written> update(Tenant tenant, Customer current, Mapped m) {
    return customers
        .edit(
            tenant,
            current.id(),
            locked ->
                new CustomerService.Edit<Void>(
                    TalkMapper.update(locked.writable(), m.request()), null))
        .map(edited -> new CustomerService.Written(edited.customer(), false));
  }

  /**
   * A customer (entry or unified, as {@code GET …/customers/{id}} finds it, with the same access
   * rules) in the talk shape.
   */
  public Uni<ObjectNode> render(Tenant tenant, UUID customerId) {
    return queries.findAny(tenant, customerId).map(TalkMapper::toTalk);
  }
}
