package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.event.EventRepository.EventChange;
import io.customer360.event.EventRepository.EventFilter;
import io.customer360.event.EventRepository.SearchPage;
import io.customer360.event.EventRepository.StoredEvent;
import io.customer360.event.EventRequests.EventDraft;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.stream.ChangeLog.Operation;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Stored events: get (with {@code nav=CUSTOMER}), replace (PUT), patch, delete and search (spec
 * EV1, EV3-EV5). Ingest lives in {@link EventIngestService}. A change and its change-log row commit
 * in one transaction; the workspace's policies are read from the request's (cached) workspace
 * before it starts. A customer id in a search or nav may name a unified customer: its events are
 * those of its member entry customers (issue 13, fault 15).
 */
@ApplicationScoped
public class EventService {

  private final EventRepository repository;
  private final EventPartitions partitions;
  private final EventCustomers owners;
  private final NodeService nodes;
  private final EventLog log;
  private final Db db;

  /** Searches show at most this many matches ({@code customer360.limits.search-cap}, spec EV1). */
  private final int maxMatches;

  EventService(
      EventRepository repository,
      EventPartitions partitions,
      EventCustomers owners,
      NodeService nodes,
      EventLog log,
      Db db,
      Customer360Config config) {
    this.maxMatches = config.limits().searchCap();
    this.repository = repository;
    this.partitions = partitions;
    this.owners = owners;
    this.nodes = nodes;
    this.log = log;
    this.db = db;
  }

  // --- read -----------------------------------------------------------------------------------

  private Uni<StoredEvent> findReadable(Tenant tenant, UUID id) {
    return repository.find(tenant.workspaceId(), id).map(e -> readable(tenant, e));
  }

  private static StoredEvent readable(Tenant tenant, StoredEvent e) {
    if (e == null || !tenant.canRead(e.nodeId())) {
      throw ApiException.notFound("Event");
    }
    return e;
  }

  /**
   * EV3. With {@code nav=CUSTOMER} (the only value) {@code prev}/{@code next} name the customer's
   * events just before and after this one by date; {@code customerId} (optional) may name a unified
   * customer the event's customer belongs to, and then navigation runs over all its members'
   * events.
   */
  public Uni<EventResponse> find(Tenant tenant, UUID id, String nav, UUID customerId) {
    if (nav != null && !"CUSTOMER".equals(nav)) {
      throw ApiException.badRequest("nav", "must be CUSTOMER");
    }
    Uni<StoredEvent> found = findReadable(tenant, id);
    if (nav == null) {
      return found.map(StoredEvent::event);
    }
    return found.chain(s -> navigate(tenant, s, customerId));
  }

  private Uni<EventResponse> navigate(Tenant tenant, StoredEvent s, UUID customerId) {
    UUID own = s.event().customerId();
    if (own == null) {
      return Uni.createFrom().item(s.event());
    }
    UUID ws = tenant.workspaceId();
    return owners
        .owners(ws, customerId == null ? own : customerId)
        .map(ids -> checkedOwners(ids, own))
        .chain(ids -> repository.neighbours(ws, ids, s.date(), s.event().id()))
        .map(n -> s.event().withNav(n[0], n[1]));
  }

  private static List<UUID> checkedOwners(List<UUID> ids, UUID own) {
    if (!ids.contains(own)) {
      throw ApiException.badRequest(
          "customerId", "must be the event's customer or a unified customer it belongs to");
    }
    return ids;
  }

  // --- change ---------------------------------------------------------------------------------

  /** EV4: every changeable value is replaced; immutable fields may only repeat their value. */
  public Uni<EventResponse> replace(Tenant tenant, UUID id, JsonNode body, int bytes) {
    return findReadable(tenant, id).chain(s -> change(tenant, s, body, bytes, false));
  }

  /** EV5: merges the body into the event (JSON merge patch), then validates the result. */
  public Uni<EventResponse> patch(Tenant tenant, UUID id, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw EventRejection.invalid("body", "must be a JSON object").failure();
    }
    return findReadable(tenant, id).chain(s -> change(tenant, s, merged(s, body), -1, true));
  }

  private ObjectNode merged(StoredEvent s, JsonNode patch) {
    ObjectNode merged = db.mapper().valueToTree(s.event());
    merged.remove(List.of("prev", "next"));
    mergePatch(merged, patch);
    return merged;
  }

  private Uni<EventResponse> change(
      Tenant tenant, StoredEvent current, JsonNode body, int bytes, boolean patch) {
    tenant.requireWrite(current.nodeId());
    List<FieldError> immutable = immutableChanges(current.event(), body, patch);
    if (!immutable.isEmpty()) {
      throw EventRejection.invalid(immutable).failure();
    }
    int size = bytes >= 0 ? bytes : db.json(body).getBytes(StandardCharsets.UTF_8).length;
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    EventDraft d = EventValidator.check(body, size, policies, false).orFail();
    EventChange values =
        new EventChange(
            d.context(),
            db.json(d.properties()),
            db.json(d.contextInfo()),
            db.json(d.tracking()),
            d.date());
    EventResponse e = current.event();
    return partitions
        .ensure(d.date())
        .chain(() -> Db.transaction(repository.pool(), tx -> update(tx, tenant, e, values)))
        .map(EventService::updatedOrConflict);
  }

  private Uni<StoredEvent> update(SqlClient tx, Tenant tenant, EventResponse e, EventChange v) {
    UUID ws = tenant.workspaceId();
    return repository
        .update(tx, ws, e.id(), e.version(), v)
        .call(stored -> log.record(tx, ws, Operation.UPDATE, stored));
  }

  private static EventResponse updatedOrConflict(StoredEvent updated) {
    if (updated == null) {
      throw ApiException.conflict("The event changed meanwhile; read it and retry");
    }
    return updated.event();
  }

  private List<FieldError> immutableChanges(EventResponse e, JsonNode body, boolean patch) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      return errors;
    }
    same(body, "id", e.id(), errors);
    same(body, "customerId", e.customerId(), errors);
    same(body, "type", e.type(), errors);
    sameInstant(body, "registeredAt", e.registeredAt(), errors);
    if (patch) {
      same(body, "context", e.context(), errors);
    }
    JsonNode bb = body.get("bringBackProperties");
    if (bb != null && !db.mapper().valueToTree(e.bringBackProperties()).equals(bb)) {
      errors.add(new FieldError("bringBackProperties", "is immutable"));
    }
    return errors;
  }

  private static void same(JsonNode body, String field, Object current, List<FieldError> errors) {
    JsonNode given = body.get(field);
    if (given == null) {
      return;
    }
    String value = given.isNull() ? null : given.asText();
    if (!Objects.equals(current == null ? null : current.toString(), value)) {
      errors.add(new FieldError(field, "is immutable"));
    }
  }

  /** A timestamp may repeat its value in any ISO-8601 spelling of the same instant. */
  private static void sameInstant(
      JsonNode body, String field, String current, List<FieldError> errors) {
    JsonNode given = body.get(field);
    if (given == null) {
      return;
    }
    if (!Objects.equals(instant(current), given.isNull() ? null : instant(given.asText()))) {
      errors.add(new FieldError(field, "is immutable"));
    }
  }

  private static Instant instant(String value) {
    try {
      return value == null ? null : OffsetDateTime.parse(value).toInstant();
    } catch (RuntimeException e) {
      return Instant.MIN;
    }
  }

  /** RFC 7396 JSON merge patch: null removes, objects merge, anything else replaces. */
  static void mergePatch(ObjectNode target, JsonNode patch) {
    patch.fields().forEachRemaining(f -> mergeField(target, f.getKey(), f.getValue()));
  }

  private static void mergeField(ObjectNode target, String key, JsonNode value) {
    if (value.isNull()) {
      target.remove(key);
    } else if (value.isObject() && target.get(key) instanceof ObjectNode o) {
      mergePatch(o, value);
    } else {
      target.set(key, value);
    }
  }

  /** Deletes one event the caller may write; 404 when it is not there. */
  public Uni<Void> delete(Tenant tenant, UUID id) {
    UUID ws = tenant.workspaceId();
    return findReadable(tenant, id)
        .invoke(s -> tenant.requireWrite(s.nodeId()))
        .chain(() -> Db.transaction(repository.pool(), tx -> deleteLogged(tx, ws, id)))
        .map(EventService::deletedOrNotFound);
  }

  /**
   * Deletes, inside the caller's transaction {@code tx}, the events of {@code type} of the entry
   * node with these ids, each with its change-log DELETE row as EV5 writes it, in one statement
   * (bulk jobs); answers the ids deleted (an id of another node, type or workspace is not).
   */
  public Uni<java.util.Set<UUID>> deleteBatch(
      SqlClient tx, UUID workspaceId, UUID nodeId, EventType type, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(java.util.Set.of());
    }
    return repository.deleteBatch(tx, workspaceId, nodeId, type.name(), ids);
  }

  private Uni<StoredEvent> deleteLogged(SqlClient tx, UUID ws, UUID id) {
    return repository.delete(tx, ws, id).call(gone -> log.record(tx, ws, Operation.DELETE, gone));
  }

  private static Void deletedOrNotFound(StoredEvent gone) {
    if (gone == null) {
      throw ApiException.notFound("Event");
    }
    return null;
  }

  // --- search ---------------------------------------------------------------------------------

  /** EV1 filters, already parsed by the resource; null means "any". */
  public record SearchQuery(
      UUID customerId,
      UUID nodeId,
      List<EventType> types,
      List<EventContext> contexts,
      EventMode mode,
      OffsetDateTime dateFrom,
      OffsetDateTime dateTo) {}

  /**
   * EV1: newest first, at most {@code customer360.limits.search-cap} matches; {@code
   * page.totalUnfilteredElements} counts the workspace's events the caller may read before the
   * filters (up to the same cap). A {@code customerId} of a unified customer searches its members'
   * events.
   */
  public Uni<Paged<EventResponse>> search(Tenant tenant, SearchQuery q, PageRequest page) {
    if (page.offset() + page.size() > maxMatches && page.size() > 0) {
      throw ApiException.badRequest(
          "page", "page and size reach past the " + maxMatches + " matches a search may show");
    }
    return nodesOf(tenant, q.nodeId())
        .chain(nodeIds -> customersOf(tenant, q).map(ids -> filter(tenant, q, nodeIds, ids)))
        .chain(f -> repository.search(f, page.offset(), page.size(), maxMatches))
        .map(found -> paged(found, page));
  }

  /**
   * The entry nodes whose events a {@code nodeId} filter means: the node itself, or the entry nodes
   * of an ACTIVE aggregate node (a unified customer's events are its members' events, issue 13
   * fault 15); null when there is no node filter. An unknown node answers 404 "node not found
   * &lt;id&gt;" (spec §5), a node the caller may not read 403.
   */
  private Uni<List<UUID>> nodesOf(Tenant tenant, UUID nodeId) {
    if (nodeId == null) {
      return Uni.createFrom().nullItem();
    }
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .invoke(node -> tenant.requireRead(node.id()))
        .map(EventService::entryNodes);
  }

  private static List<UUID> entryNodes(Node node) {
    return node.isActiveAggregate() ? node.entryNodes() : List.of(node.id());
  }

  private Uni<List<UUID>> customersOf(Tenant tenant, SearchQuery q) {
    return q.customerId() == null
        ? Uni.createFrom().nullItem()
        : owners.owners(tenant.workspaceId(), q.customerId());
  }

  private static EventFilter filter(
      Tenant tenant, SearchQuery q, List<UUID> nodeIds, List<UUID> customerIds) {
    return new EventFilter(tenant.workspaceId(), tenant.readableNodes(), nodeIds, customerIds, q);
  }

  private Paged<EventResponse> paged(SearchPage found, PageRequest page) {
    return new Paged<>(
        found.events(), PageInfo.capped(page, found.total(), found.unfiltered(), maxMatches));
  }
}
