package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.event.EventRepository.CustomerRef;
import io.customer360.event.EventRepository.Filter;
import io.customer360.event.EventRepository.NewEvent;
import io.customer360.event.EventRepository.StoredEvent;
import io.customer360.event.EventRequests.BatchItemResult;
import io.customer360.event.EventRequests.BatchResponse;
import io.customer360.event.EventRequests.BringBack;
import io.customer360.event.EventRequests.BringBackType;
import io.customer360.event.EventRequests.EventDraft;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.event.EventValidator.Outcome;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Events: ingest (one or a batch), read, replace, patch, delete and search. Ingest resolves every
 * customer with set-based queries and writes all rows and their change-log rows in one statement.
 *
 * <p>Rules chosen where the API leaves room: an unknown customer or external id answers 404 (an
 * external id is never bound later, so an anonymous event could not find its owner); a session no
 * customer holds yet stores the event anonymously until the session is bound; a disabled type and a
 * missing consent answer 422, and so does an anonymous event of a type the consent policy covers
 * (its consents are unknown); a batch answers 200 when every item was stored, else 207.
 */
@ApplicationScoped
public class EventService {

  public static final int MAX_BATCH = 1_000;
  public static final int MAX_MATCHES = 10_000;

  private final EventRepository repository;
  private final EventPartitions partitions;
  private final NodeService nodes;
  private final Db db;
  private final Cache customers;

  EventService(
      EventRepository repository,
      EventPartitions partitions,
      NodeService nodes,
      Db db,
      @CacheName("event-customers") Cache customers) {
    this.repository = repository;
    this.partitions = partitions;
    this.nodes = nodes;
    this.db = db;
    this.customers = customers;
  }

  /** The state of one item while it is ingested. */
  private static final class Item {
    final int index;
    final EventDraft draft;
    UUID nodeId;
    UUID customerId;
    String session;
    int status;
    String message;
    List<FieldError> errors;
    UUID id;

    Item(int index, EventDraft draft) {
      this.index = index;
      this.draft = draft;
    }

    boolean ok() {
      return status == 0;
    }

    void fail(int status, String message, FieldError error) {
      this.status = status;
      this.message = message;
      this.errors = List.of(error);
    }
  }

  // --- ingest ---------------------------------------------------------------------------------

  public Uni<UUID> create(Tenant tenant, JsonNode body, int bytes) {
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    EventDraft draft = EventValidator.check(body, bytes, policies, true).orThrow();
    Item item = new Item(0, draft);
    return ingest(tenant, policies, List.of(item), true)
        .map(
            done -> {
              if (!item.ok()) {
                throw item.status == 400
                    ? ApiException.badRequest(item.errors)
                    : new ApiException(item.status, item.message, item.errors, null);
              }
              return item.id;
            });
  }

  public Uni<BatchResponse> createBatch(Tenant tenant, List<JsonNode> bodies, List<Integer> sizes) {
    if (bodies.size() > MAX_BATCH) {
      throw ApiException.badRequest("events", "must hold at most " + MAX_BATCH + " events");
    }
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    List<Item> all = new ArrayList<>(bodies.size());
    List<Item> valid = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      Outcome o = EventValidator.check(bodies.get(i), sizes.get(i), policies, true);
      Item item = new Item(i, o.draft());
      if (!o.valid()) {
        item.status = o.status();
        item.message = o.message();
        item.errors = o.errors();
      } else {
        valid.add(item);
      }
      all.add(item);
    }
    return ingest(tenant, policies, valid, false)
        .map(
            done -> {
              List<BatchItemResult> results = new ArrayList<>(all.size());
              int accepted = 0;
              for (Item it : all) {
                if (it.ok()) {
                  accepted++;
                  results.add(new BatchItemResult(it.index, 202, it.id, null));
                } else {
                  List<FieldError> errors =
                      it.errors == null || it.errors.isEmpty()
                          ? List.of(new FieldError("body", it.message))
                          : it.errors;
                  results.add(new BatchItemResult(it.index, it.status, null, errors));
                }
              }
              return new BatchResponse(accepted, all.size() - accepted, results);
            });
  }

  private Uni<Void> ingest(
      Tenant tenant, EventPolicies policies, List<Item> items, boolean single) {
    if (items.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    UUID ws = tenant.workspaceId();
    return checkBringBackNodes(ws, items)
        .chain(() -> resolveCustomers(ws, policies, items, single))
        .chain(() -> resolveExternalIds(ws, policies, items))
        .invoke(() -> authorise(tenant, items))
        .chain(() -> store(ws, policies, items));
  }

  /** Bring-back nodes must be entry nodes of the workspace (never aggregates). */
  private Uni<Void> checkBringBackNodes(UUID ws, List<Item> items) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (Item it : items) {
      if (it.draft.bringBack() != null) {
        ids.add(it.draft.bringBack().nodeId());
      }
    }
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Map<UUID, Optional<Node>> found = new HashMap<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (UUID id : ids) {
      chain =
          chain.chain(
              () ->
                  nodes
                      .find(ws, id)
                      .map(Optional::of)
                      .onFailure(ApiException.class)
                      .recoverWithItem(Optional.empty())
                      .invoke(n -> found.put(id, n))
                      .replaceWithVoid());
    }
    return chain.invoke(
        () -> {
          for (Item it : items) {
            BringBack bb = it.draft.bringBack();
            if (bb == null) {
              continue;
            }
            Optional<Node> node = found.get(bb.nodeId());
            if (node.isEmpty()) {
              it.fail(
                  404,
                  "Node not found",
                  new FieldError("bringBackProperties.nodeId", "no such node in this workspace"));
            } else if (!node.get().isEntry()) {
              it.fail(
                  400,
                  null,
                  new FieldError(
                      "bringBackProperties.nodeId",
                      "must be an entry node: bring-back is not allowed for aggregate nodes"));
            } else {
              it.nodeId = bb.nodeId();
            }
          }
        });
  }

  private Uni<Void> resolveCustomers(
      UUID ws, EventPolicies policies, List<Item> items, boolean single) {
    List<UUID> ids = new ArrayList<>();
    boolean consents = false;
    for (Item it : items) {
      if (it.ok() && it.draft.customerId() != null) {
        ids.add(it.draft.customerId());
        consents |= !policies.requiredConsents(it.draft.type()).isEmpty();
      }
    }
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Uni<Map<UUID, CustomerRef>> found;
    if (single && !consents) {
      UUID id = ids.get(0);
      found =
          customers
              .<UUID, Optional<CustomerRef>>getAsync(
                  id,
                  key ->
                      repository
                          .findCustomers(ws, List.of(key), false)
                          .map(m -> Optional.ofNullable(m.get(key))))
              .map(
                  ref ->
                      ref.isPresent() && ref.get().workspaceId().equals(ws)
                          ? Map.of(id, ref.get())
                          : Map.of());
    } else {
      found = repository.findCustomers(ws, ids, consents);
    }
    return found
        .invoke(
            map -> {
              for (Item it : items) {
                if (!it.ok() || it.draft.customerId() == null) {
                  continue;
                }
                CustomerRef c = map.get(it.draft.customerId());
                if (c == null) {
                  it.fail(
                      404,
                      "Customer not found",
                      new FieldError("customerId", "no such customer in this workspace"));
                } else {
                  bind(it, c, policies);
                }
              }
            })
        .replaceWithVoid();
  }

  /**
   * An unknown external id answers 404: unlike a session, an external id is never bound later, so
   * an anonymous event could never find its customer.
   */
  private Uni<Void> resolveExternalIds(UUID ws, EventPolicies policies, List<Item> items) {
    List<UUID> nodeIds = new ArrayList<>();
    List<String> values = new ArrayList<>();
    boolean consents = false;
    for (Item it : items) {
      BringBack bb = it.draft.bringBack();
      if (it.ok() && bb != null && bb.type() == BringBackType.EXTERNAL_ID) {
        nodeIds.add(bb.nodeId());
        values.add(bb.value());
        consents |= !policies.requiredConsents(it.draft.type()).isEmpty();
      }
    }
    if (nodeIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return repository
        .findByExternalIds(ws, nodeIds, values, consents)
        .invoke(
            map -> {
              for (Item it : items) {
                BringBack bb = it.draft.bringBack();
                if (!it.ok() || bb == null || bb.type() != BringBackType.EXTERNAL_ID) {
                  continue;
                }
                CustomerRef c = map.get(EventRepository.key(bb.nodeId(), bb.value()));
                if (c == null) {
                  it.fail(
                      404,
                      "Customer not found",
                      new FieldError(
                          "bringBackProperties.value",
                          "no customer of the node has this external id"));
                } else {
                  bind(it, c, policies);
                }
              }
            })
        .replaceWithVoid();
  }

  private void bind(Item it, CustomerRef c, EventPolicies policies) {
    it.customerId = c.id();
    it.nodeId = c.nodeId();
    it.session = null;
    if (c.consents() != null || !policies.requiredConsents(it.draft.type()).isEmpty()) {
      checkConsents(it, c.consents(), policies);
    }
  }

  /** The workspace's consent policy: every listed consent must have status true. */
  private static void checkConsents(Item it, JsonNode consents, EventPolicies policies) {
    for (String path : policies.requiredConsents(it.draft.type())) {
      if (!granted(consents, path)) {
        it.fail(
            422,
            "The customer has not granted the consent "
                + path
                + " that "
                + it.draft.type()
                + " needs",
            new FieldError(path, "consent is not granted"));
        return;
      }
    }
  }

  static boolean granted(JsonNode consents, String path) {
    if (consents == null) {
      return false;
    }
    String p = path.startsWith("consents.") ? path.substring("consents.".length()) : path;
    JsonNode n = consents;
    for (String segment : p.split("\\.")) {
      n = n.path(segment);
    }
    return n.isBoolean() ? n.asBoolean() : n.path("status").asBoolean(false);
  }

  private static void authorise(Tenant tenant, List<Item> items) {
    for (Item it : items) {
      if (it.ok() && !canWrite(tenant, it.nodeId)) {
        it.fail(
            403,
            "The caller may not write to node " + it.nodeId,
            new FieldError("customerId", "the caller may not write to this customer's node"));
      }
    }
  }

  private static boolean canWrite(Tenant tenant, UUID nodeId) {
    try {
      tenant.requireWrite(nodeId);
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  /** Anonymous candidates are resolved under their session locks, then everything is inserted. */
  private Uni<Void> store(UUID ws, EventPolicies policies, List<Item> items) {
    List<OffsetDateTime> dates = new ArrayList<>();
    List<UUID> sessionNodes = new ArrayList<>();
    List<String> sessionValues = new ArrayList<>();
    boolean consents = false;
    for (Item it : items) {
      if (!it.ok()) {
        continue;
      }
      dates.add(it.draft.date());
      BringBack bb = it.draft.bringBack();
      if (bb != null && bb.type() == BringBackType.SESSION_ID) {
        sessionNodes.add(bb.nodeId());
        sessionValues.add(bb.value());
        consents |= !policies.requiredConsents(it.draft.type()).isEmpty();
      }
    }
    if (dates.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    boolean withConsents = consents;
    Uni<Void> ready = partitions.ensure(dates);
    if (sessionNodes.isEmpty()) {
      return ready.chain(() -> repository.insertAll(repository.ingestPool(), ws, rows(items)));
    }
    return ready.chain(
        () ->
            repository
                .ingestPool()
                .withTransaction(
                    tx ->
                        EventRepository.lockSessions(tx, sessionNodes, sessionValues)
                            .chain(
                                () ->
                                    repository.findBySessions(
                                        tx, ws, sessionNodes, sessionValues, withConsents))
                            .invoke(map -> bindSessions(items, map, policies))
                            .chain(
                                () -> {
                                  List<NewEvent> rows = rows(items);
                                  return rows.isEmpty()
                                      ? Uni.createFrom().voidItem()
                                      : repository.insertAll(tx, ws, rows);
                                })));
  }

  private static void bindSessions(
      List<Item> items, Map<String, CustomerRef> map, EventPolicies policies) {
    for (Item it : items) {
      BringBack bb = it.draft.bringBack();
      if (!it.ok() || bb == null || bb.type() != BringBackType.SESSION_ID) {
        continue;
      }
      CustomerRef c = map.get(EventRepository.key(bb.nodeId(), bb.value()));
      if (c != null) {
        it.customerId = c.id();
        it.nodeId = c.nodeId();
        checkConsents(it, c.consents(), policies);
      } else if (!policies.requiredConsents(it.draft.type()).isEmpty()) {
        it.fail(
            422,
            "No customer holds this session yet, so the consents "
                + it.draft.type()
                + " needs are unknown",
            new FieldError(
                "bringBackProperties.value", "consent of an anonymous session is unknown"));
      } else {
        it.session = bb.value();
      }
    }
  }

  private List<NewEvent> rows(List<Item> items) {
    List<NewEvent> rows = new ArrayList<>(items.size());
    for (Item it : items) {
      if (!it.ok()) {
        continue;
      }
      EventDraft d = it.draft;
      it.id = UUID.randomUUID();
      rows.add(
          new NewEvent(
              it.id,
              it.nodeId,
              it.customerId,
              d.type(),
              d.context(),
              db.json(d.properties()),
              db.json(d.contextInfo()),
              db.json(d.tracking()),
              db.json(d.bringBack()),
              it.customerId == null ? it.session : null,
              d.date()));
    }
    return rows;
  }

  // --- read, change, delete -------------------------------------------------------------------

  private Uni<StoredEvent> findReadable(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .map(
            e -> {
              if (e == null || !tenant.canRead(e.nodeId())) {
                throw ApiException.notFound("Event");
              }
              return e;
            });
  }

  public Uni<EventResponse> find(Tenant tenant, UUID id, String nav) {
    if (nav != null && !"CUSTOMER".equals(nav)) {
      throw ApiException.badRequest("nav", "must be CUSTOMER");
    }
    return findReadable(tenant, id)
        .chain(
            s -> {
              EventResponse e = s.event();
              if (nav == null || e.customerId() == null) {
                return Uni.createFrom().item(e);
              }
              return repository
                  .neighbours(e.customerId(), e.date(), e.id())
                  .map(n -> e.withNav(n[0], n[1]));
            });
  }

  /** PUT: every changeable value is replaced; immutable fields may only repeat their value. */
  public Uni<EventResponse> replace(Tenant tenant, UUID id, JsonNode body, int bytes) {
    return findReadable(tenant, id).chain(s -> change(tenant, s, body, bytes, false));
  }

  /** PATCH: merges the body into the event (JSON merge patch), then validates the result. */
  public Uni<EventResponse> patch(Tenant tenant, UUID id, JsonNode body) {
    return findReadable(tenant, id)
        .chain(
            s -> {
              if (body == null || !body.isObject()) {
                throw ApiException.badRequest("body", "must be a JSON object");
              }
              ObjectNode merged = db.mapper().valueToTree(s.event());
              merged.remove(List.of("prev", "next"));
              mergePatch(merged, body);
              int bytes = db.json(merged).getBytes(StandardCharsets.UTF_8).length;
              return change(tenant, s, merged, bytes, true);
            });
  }

  private Uni<EventResponse> change(
      Tenant tenant, StoredEvent current, JsonNode body, int bytes, boolean patch) {
    tenant.requireWrite(current.nodeId());
    EventResponse e = current.event();
    List<FieldError> immutable = new ArrayList<>();
    if (body != null && body.isObject()) {
      same(body, "id", e.id(), immutable);
      same(body, "customerId", e.customerId(), immutable);
      same(body, "type", e.type(), immutable);
      same(body, "registeredAt", e.registeredAt(), immutable);
      if (patch) {
        same(body, "context", e.context(), immutable);
      }
      JsonNode bb = body.get("bringBackProperties");
      if (bb != null && !db.mapper().valueToTree(e.bringBackProperties()).equals(bb)) {
        immutable.add(new FieldError("bringBackProperties", "is immutable"));
      }
    }
    if (!immutable.isEmpty()) {
      throw ApiException.badRequest(immutable);
    }
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    EventDraft d = EventValidator.check(body, bytes, policies, false).orThrow();
    return partitions
        .ensure(d.date())
        .chain(
            () ->
                repository.update(
                    tenant.workspaceId(),
                    e.id(),
                    e.version(),
                    d.context(),
                    db.json(d.properties()),
                    db.json(d.contextInfo()),
                    db.json(d.tracking()),
                    d.date()))
        .map(
            updated -> {
              if (updated == null) {
                throw ApiException.conflict("The event changed meanwhile; read it and retry");
              }
              return updated.event();
            });
  }

  private void same(JsonNode body, String field, Object current, List<FieldError> errors) {
    JsonNode given = body.get(field);
    if (given == null) {
      return;
    }
    Object now = current instanceof OffsetDateTime t ? t.toInstant() : current;
    Object value = given.isNull() ? null : given.asText();
    if (now instanceof java.time.Instant instant && value != null) {
      try {
        value = OffsetDateTime.parse((String) value).toInstant();
      } catch (RuntimeException ex) {
        errors.add(new FieldError(field, "is immutable"));
        return;
      }
      if (!instant.equals(value)) {
        errors.add(new FieldError(field, "is immutable"));
      }
      return;
    }
    String expected = now == null ? null : now.toString();
    if (!java.util.Objects.equals(expected, value)) {
      errors.add(new FieldError(field, "is immutable"));
    }
  }

  static void mergePatch(ObjectNode target, JsonNode patch) {
    patch
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode v = f.getValue();
              if (v.isNull()) {
                target.remove(f.getKey());
              } else if (v.isObject() && target.get(f.getKey()) instanceof ObjectNode o) {
                mergePatch(o, v);
              } else {
                target.set(f.getKey(), v);
              }
            });
  }

  public Uni<Void> delete(Tenant tenant, UUID id) {
    return findReadable(tenant, id)
        .chain(
            s -> {
              tenant.requireWrite(s.nodeId());
              return repository.delete(tenant.workspaceId(), id);
            })
        .map(
            gone -> {
              if (!gone) {
                throw ApiException.notFound("Event");
              }
              return null;
            });
  }

  // --- search ---------------------------------------------------------------------------------

  /** Search filters, already parsed by the resource. */
  public record SearchQuery(
      UUID customerId,
      UUID nodeId,
      List<EventType> types,
      List<EventContext> contexts,
      EventMode mode,
      OffsetDateTime dateFrom,
      OffsetDateTime dateTo) {}

  public Uni<Paged<EventResponse>> search(Tenant tenant, SearchQuery q, PageRequest page) {
    if (page.offset() + page.size() > MAX_MATCHES && page.size() > 0) {
      throw ApiException.badRequest(
          "page", "page and size reach past the " + MAX_MATCHES + " matches a search may show");
    }
    List<Object> params = new ArrayList<>();
    params.add(tenant.workspaceId());
    StringBuilder where = new StringBuilder("workspace_id = $1");
    if (q.customerId() != null) {
      params.add(q.customerId());
      where.append(" and customer_id = $").append(params.size());
    }
    if (q.nodeId() != null) {
      tenant.requireRead(q.nodeId());
      params.add(q.nodeId());
      where.append(" and node_id = $").append(params.size());
    }
    Set<UUID> readable = tenant.readableNodes();
    if (readable != null) {
      params.add(readable.toArray(new UUID[0]));
      where.append(" and node_id = any($").append(params.size()).append(")");
    }
    if (q.types() != null && !q.types().isEmpty()) {
      params.add(q.types().stream().map(Enum::name).toArray(String[]::new));
      where.append(" and type = any($").append(params.size()).append(")");
    }
    if (q.contexts() != null && !q.contexts().isEmpty()) {
      params.add(q.contexts().stream().map(Enum::name).toArray(String[]::new));
      where.append(" and context = any($").append(params.size()).append(")");
    }
    if (q.mode() != null) {
      params.add(q.mode().name());
      where.append(" and mode = $").append(params.size());
    }
    if (q.dateFrom() != null) {
      params.add(q.dateFrom());
      where.append(" and date >= $").append(params.size());
    }
    if (q.dateTo() != null) {
      params.add(q.dateTo());
      where.append(" and date <= $").append(params.size());
    }
    Filter f = new Filter(where.toString(), params);
    return repository
        .count(f, MAX_MATCHES)
        .chain(
            total ->
                (page.size() == 0
                        ? Uni.createFrom().item(List.<EventResponse>of())
                        : repository.page(f, page.offset(), page.size()))
                    .map(list -> new Paged<>(list, PageInfo.capped(page, total, MAX_MATCHES))));
  }
}
