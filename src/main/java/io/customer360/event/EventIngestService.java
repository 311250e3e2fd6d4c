package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.event.EventRejection.Kind;
import io.customer360.event.EventRepository.CustomerRef;
import io.customer360.event.EventRepository.NewEvent;
import io.customer360.event.EventRequests.BringBack;
import io.customer360.event.EventRequests.BringBackType;
import io.customer360.event.EventRequests.EventDraft;
import io.customer360.event.EventValidator.Outcome;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Event ingest (spec EV2): one event or a batch of up to {@value #MAX_BATCH}. The pipeline
 * validates each body, resolves the bring-back node, the customers (by id, external id or session)
 * and the consents with set-based queries, checks the caller's node rights, then inserts every
 * accepted event together with its change-log row in one statement (one per request).
 *
 * <p>Everything cached or configured (workspace policies, nodes, the customer-to-node cache
 * "event-customers") is loaded before the transaction starts; the transaction only locks sessions,
 * reads their owners and writes. Rules chosen where the API leaves room: an unknown customer or
 * external id is {@link Kind#NOT_FOUND} (an external id is never bound later); a session no
 * customer holds yet stores the event anonymously until the session is bound; a disabled type, a
 * missing consent, and an anonymous event of a type the consent policy covers are {@link
 * Kind#UNPROCESSABLE}. Item outcomes are typed ({@link ItemOutcome}); the resource maps them to
 * statuses.
 */
@ApplicationScoped
public class EventIngestService {

  public static final int MAX_BATCH = 1_000;

  private static final String NODE_ID = "bringBackProperties.nodeId";

  /** One item's outcome: its index in the request, and the stored id or the rejection. */
  public record ItemOutcome(int index, UUID id, EventRejection rejection) {

    public boolean accepted() {
      return rejection == null;
    }
  }

  private final EventRepository repository;
  private final EventPartitions partitions;
  private final NodeService nodes;
  private final Cache customers;

  EventIngestService(
      EventRepository repository,
      EventPartitions partitions,
      NodeService nodes,
      @CacheName("event-customers") Cache customers) {
    this.repository = repository;
    this.partitions = partitions;
    this.nodes = nodes;
    this.customers = customers;
  }

  /** The state of one item while it is ingested. */
  private static final class Item {
    final int index;
    final EventDraft draft;
    BringBack bringBack;
    UUID nodeId;
    UUID customerId;
    String session;
    EventRejection rejection;
    UUID id;

    Item(int index, EventDraft draft, EventRejection rejection) {
      this.index = index;
      this.draft = draft;
      this.bringBack = draft == null ? null : draft.bringBack();
      this.rejection = rejection;
    }

    boolean ok() {
      return rejection == null;
    }

    boolean bringsBack(BringBackType type) {
      return ok() && bringBack != null && bringBack.type() == type;
    }

    void reject(Kind kind, String message, String path, String rule) {
      rejection = EventRejection.of(kind, message, new FieldError(path, rule));
    }

    ItemOutcome outcome() {
      return new ItemOutcome(index, id, rejection);
    }
  }

  /**
   * The (node, value) pairs of the items that bring back by one type, and whether any of their
   * event types needs consents (then the lookups read the customers' consents too).
   */
  private record Keys(List<UUID> nodes, List<String> values, boolean consents) {

    static Keys of(List<Item> items, BringBackType type, EventPolicies policies) {
      List<UUID> nodes = new ArrayList<>();
      List<String> values = new ArrayList<>();
      boolean consents = false;
      for (Item it : items) {
        if (it.bringsBack(type)) {
          nodes.add(it.bringBack.nodeId());
          values.add(it.bringBack.value());
          consents |= !policies.requiredConsents(it.draft.type()).isEmpty();
        }
      }
      return new Keys(nodes, values, consents);
    }
  }

  // --- entry points ---------------------------------------------------------------------------

  /**
   * Ingests one event; the new event's id, or fails with {@link EventRejection.Failure}. {@code
   * bytes} is the size of the body as sent (payload limits, spec R5).
   */
  public Uni<UUID> create(Tenant tenant, JsonNode body, int bytes) {
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    Outcome checked = EventValidator.check(body, bytes, policies, true);
    if (!checked.valid()) {
      return Uni.createFrom().failure(checked.rejection().failure());
    }
    Item item = new Item(0, checked.draft(), null);
    return ingest(tenant, policies, List.of(item), true).map(done -> idOf(item));
  }

  private static UUID idOf(Item item) {
    if (!item.ok()) {
      throw item.rejection.failure();
    }
    return item.id;
  }

  /**
   * Ingests a batch item by item: one outcome per body, in order. {@code sizes} holds each body's
   * serialised size. More than {@value #MAX_BATCH} bodies fail as a whole (400 naming {@code
   * events}).
   */
  public Uni<List<ItemOutcome>> createBatch(
      Tenant tenant, List<JsonNode> bodies, List<Integer> sizes) {
    if (bodies.size() > MAX_BATCH) {
      throw ApiException.badRequest("events", "must hold at most " + MAX_BATCH + " events");
    }
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    List<Item> all = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      Outcome o = EventValidator.check(bodies.get(i), sizes.get(i), policies, true);
      all.add(new Item(i, o.draft(), o.rejection()));
    }
    List<Item> valid = all.stream().filter(Item::ok).toList();
    return ingest(tenant, policies, valid, false)
        .map(done -> all.stream().map(Item::outcome).toList());
  }

  // --- the pipeline ---------------------------------------------------------------------------

  private Uni<Void> ingest(
      Tenant tenant, EventPolicies policies, List<Item> items, boolean single) {
    if (items.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return resolve(tenant, policies, items, single)
        .chain(() -> store(tenant.workspaceId(), policies, items));
  }

  /** Nodes, customers, consents and the caller's rights of the items, read before any write. */
  private Uni<Void> resolve(
      Tenant tenant, EventPolicies policies, List<Item> items, boolean single) {
    UUID ws = tenant.workspaceId();
    return defaultBringBackNode(tenant, items)
        .chain(() -> checkBringBackNodes(ws, items))
        .chain(() -> resolveCustomers(ws, policies, items, single))
        .chain(() -> resolveExternalIds(ws, policies, items))
        .invoke(() -> authorise(tenant, items));
  }

  // --- batches written in the caller's transaction (bulk jobs) --------------------------------

  /**
   * A batch checked and resolved by {@link #prepareBatch}: its items' outcomes so far and what its
   * write needs. Written once by {@link #writePrepared}.
   */
  public static final class PreparedBatch {
    private final UUID workspaceId;
    private final EventPolicies policies;
    private final List<Item> all;
    private final List<Item> valid;

    private PreparedBatch(
        UUID workspaceId, EventPolicies policies, List<Item> all, List<Item> valid) {
      this.workspaceId = workspaceId;
      this.policies = policies;
      this.all = all;
      this.valid = valid;
    }

    /**
     * Restricts the batch to the customers of one entry node (a bulk job of that node): an item
     * whose {@code customerId} names a customer of another node is refused as NOT_FOUND on {@code
     * customerId}, "no customer of the node has this id", as a bring-back by external id is refused
     * for a customer the node does not hold. Answers this batch.
     */
    public PreparedBatch onlyOfNode(UUID nodeId) {
      for (Item it : valid) {
        if (it.ok() && it.draft.customerId() != null && !nodeId.equals(it.nodeId)) {
          it.reject(
              Kind.NOT_FOUND,
              "Customer not found",
              "customerId",
              "no customer of the node has this id");
        }
      }
      return this;
    }
  }

  /**
   * The first half of {@link #createBatch} for a caller that writes in its own transaction:
   * validates each body (EV2 rules), resolves nodes, customers and consents with set-based reads,
   * checks the caller's rights and creates the monthly partitions the dates need, all before any
   * transaction; holds no connection afterwards. Any number of bodies (the caller bounds them).
   */
  public Uni<PreparedBatch> prepareBatch(
      Tenant tenant, List<JsonNode> bodies, List<Integer> sizes) {
    EventPolicies policies = EventPolicies.of(tenant.workspace());
    List<Item> all = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      Outcome o = EventValidator.check(bodies.get(i), sizes.get(i), policies, true);
      all.add(new Item(i, o.draft(), o.rejection()));
    }
    List<Item> valid = all.stream().filter(Item::ok).toList();
    PreparedBatch batch = new PreparedBatch(tenant.workspaceId(), policies, all, valid);
    if (valid.isEmpty()) {
      return Uni.createFrom().item(batch);
    }
    return resolve(tenant, policies, valid, false)
        .chain(() -> partitions.ensure(datesOf(valid)))
        .replaceWith(batch);
  }

  private static List<OffsetDateTime> datesOf(List<Item> items) {
    return items.stream().filter(Item::ok).map(it -> it.draft.date()).toList();
  }

  /**
   * The second half: writes the accepted events of a prepared batch with their change-log rows in
   * the caller's transaction {@code tx} (one insert statement; sessions locked first when any item
   * brings back by session) and answers one outcome per body, in order.
   */
  public Uni<List<ItemOutcome>> writePrepared(SqlClient tx, PreparedBatch batch) {
    List<Item> items = batch.valid;
    Uni<Void> write;
    if (datesOf(items).isEmpty()) {
      write = Uni.createFrom().voidItem();
    } else {
      Keys sessions = Keys.of(items, BringBackType.SESSION_ID, batch.policies);
      write =
          sessions.nodes().isEmpty()
              ? insert(tx, batch.workspaceId, items)
              : writeWithSessions(tx, batch.workspaceId, batch.policies, items, sessions);
    }
    return write.map(done -> batch.all.stream().map(Item::outcome).toList());
  }

  /**
   * Fault 26: an omitted {@code bringBackProperties.nodeId} means the caller's only entry node when
   * the caller is a source bound to exactly one entry node; otherwise the item is invalid.
   */
  private Uni<Void> defaultBringBackNode(Tenant tenant, List<Item> items) {
    List<Item> missing =
        items.stream().filter(it -> it.bringBack != null && it.bringBack.nodeId() == null).toList();
    if (missing.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Set<UUID> bound = tenant.caller().isSource() ? tenant.caller().sourceNodes() : Set.of();
    return lookUp(tenant.workspaceId(), bound)
        .invoke(found -> applyDefaultNode(missing, entryNodes(found)))
        .replaceWithVoid();
  }

  private static List<UUID> entryNodes(Map<UUID, Optional<Node>> found) {
    return found.values().stream()
        .flatMap(Optional::stream)
        .filter(Node::isEntry)
        .map(Node::id)
        .toList();
  }

  private static void applyDefaultNode(List<Item> missing, List<UUID> entries) {
    for (Item it : missing) {
      if (entries.size() == 1) {
        BringBack bb = it.bringBack;
        it.bringBack = new BringBack(bb.type(), bb.value(), entries.get(0));
      } else {
        it.reject(
            Kind.INVALID,
            null,
            NODE_ID,
            "must be given unless the caller is a source bound to exactly one entry node");
      }
    }
  }

  /** Bring-back nodes must be entry nodes of the workspace (never aggregates). */
  private Uni<Void> checkBringBackNodes(UUID ws, List<Item> items) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (Item it : items) {
      if (it.ok() && it.bringBack != null) {
        ids.add(it.bringBack.nodeId());
      }
    }
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return lookUp(ws, ids).invoke(found -> applyBringBackNodes(items, found)).replaceWithVoid();
  }

  /** Looks nodes up one after another (cached); an unknown id maps to empty. */
  private Uni<Map<UUID, Optional<Node>>> lookUp(UUID ws, Collection<UUID> ids) {
    return Multi.createFrom()
        .iterable(ids)
        .onItem()
        .transformToUniAndConcatenate(id -> findNode(ws, id))
        .collect()
        .asMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  private Uni<Map.Entry<UUID, Optional<Node>>> findNode(UUID ws, UUID id) {
    return nodes
        .find(ws, id)
        .map(Optional::of)
        .onFailure(ApiException.class)
        .recoverWithItem(Optional.empty())
        .map(found -> Map.entry(id, found));
  }

  private static void applyBringBackNodes(List<Item> items, Map<UUID, Optional<Node>> found) {
    for (Item it : items) {
      if (!it.ok() || it.bringBack == null) {
        continue;
      }
      Optional<Node> node = found.get(it.bringBack.nodeId());
      if (node.isEmpty()) {
        it.reject(Kind.NOT_FOUND, "Node not found", NODE_ID, "no such node in this workspace");
      } else if (!node.get().isEntry()) {
        it.reject(
            Kind.INVALID,
            null,
            NODE_ID,
            "must be an entry node: bring-back is not allowed for aggregate nodes");
      } else {
        it.nodeId = node.get().id();
      }
    }
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
    Uni<Map<UUID, CustomerRef>> found =
        single && !consents
            ? cachedCustomer(ws, ids.get(0))
            : repository.findCustomers(ws, ids, consents);
    return found.invoke(map -> bindCustomers(items, map, policies)).replaceWithVoid();
  }

  /** The single-event path: customer id to node through the "event-customers" cache. */
  private Uni<Map<UUID, CustomerRef>> cachedCustomer(UUID ws, UUID id) {
    return customers
        .<UUID, Optional<CustomerRef>>getAsync(id, key -> loadCustomer(ws, key))
        .map(ref -> ref.filter(c -> c.workspaceId().equals(ws)))
        .map(ref -> ref.map(c -> Map.of(id, c)).orElse(Map.of()));
  }

  private Uni<Optional<CustomerRef>> loadCustomer(UUID ws, UUID id) {
    return repository
        .findCustomers(ws, List.of(id), false)
        .map(found -> Optional.ofNullable(found.get(id)));
  }

  private static void bindCustomers(
      List<Item> items, Map<UUID, CustomerRef> found, EventPolicies policies) {
    for (Item it : items) {
      if (!it.ok() || it.draft.customerId() == null) {
        continue;
      }
      CustomerRef c = found.get(it.draft.customerId());
      if (c == null) {
        it.reject(
            Kind.NOT_FOUND,
            "Customer not found",
            "customerId",
            "no such customer in this workspace");
      } else {
        bind(it, c, policies);
      }
    }
  }

  /**
   * An unknown external id is NOT_FOUND: unlike a session, an external id is never bound later, so
   * an anonymous event could never find its customer.
   */
  private Uni<Void> resolveExternalIds(UUID ws, EventPolicies policies, List<Item> items) {
    Keys keys = Keys.of(items, BringBackType.EXTERNAL_ID, policies);
    if (keys.nodes().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return repository
        .findByExternalIds(ws, keys.nodes(), keys.values(), keys.consents())
        .invoke(map -> bindExternalIds(items, map, policies))
        .replaceWithVoid();
  }

  private static void bindExternalIds(
      List<Item> items, Map<String, CustomerRef> found, EventPolicies policies) {
    for (Item it : items) {
      if (!it.bringsBack(BringBackType.EXTERNAL_ID)) {
        continue;
      }
      CustomerRef c = found.get(EventRepository.key(it.bringBack.nodeId(), it.bringBack.value()));
      if (c == null) {
        it.reject(
            Kind.NOT_FOUND,
            "Customer not found",
            "bringBackProperties.value",
            "no customer of the node has this external id");
      } else {
        bind(it, c, policies);
      }
    }
  }

  private static void bind(Item it, CustomerRef c, EventPolicies policies) {
    it.customerId = c.id();
    it.nodeId = c.nodeId();
    it.session = null;
    if (c.consents() != null || !policies.requiredConsents(it.draft.type()).isEmpty()) {
      checkConsents(it, c.consents(), policies);
    }
  }

  /** The workspace's consent policy (spec R4): every listed consent must have status true. */
  private static void checkConsents(Item it, JsonNode consents, EventPolicies policies) {
    for (String path : policies.requiredConsents(it.draft.type())) {
      if (!granted(consents, path)) {
        it.reject(
            Kind.UNPROCESSABLE,
            "The customer has not granted the consent "
                + path
                + " that "
                + it.draft.type()
                + " needs",
            path,
            "consent is not granted");
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
        it.reject(
            Kind.FORBIDDEN,
            "The caller may not write to node " + it.nodeId,
            "customerId",
            "the caller may not write to this customer's node");
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

  // --- storing --------------------------------------------------------------------------------

  /**
   * Ensures the partitions (outside any transaction), then writes the accepted events. Each event
   * and its change-log row are one statement, so without anonymous session candidates the write is
   * that one statement on the ingest pool (autocommit, no BEGIN/COMMIT round trips). Session
   * candidates need a transaction: it locks their sessions, reads who holds them (a statement of
   * its own, so it sees a binding that committed while it waited for the lock), then inserts.
   */
  private Uni<Void> store(UUID ws, EventPolicies policies, List<Item> items) {
    List<OffsetDateTime> dates =
        items.stream().filter(Item::ok).map(it -> it.draft.date()).toList();
    if (dates.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Keys sessions = Keys.of(items, BringBackType.SESSION_ID, policies);
    Uni<Void> write =
        sessions.nodes().isEmpty()
            ? Uni.createFrom().deferred(() -> insert(repository.ingestPool(), ws, items))
            : repository
                .ingestPool()
                .withTransaction(tx -> writeWithSessions(tx, ws, policies, items, sessions));
    return partitions.ensure(dates).chain(() -> write);
  }

  private Uni<Void> writeWithSessions(
      SqlClient tx, UUID ws, EventPolicies policies, List<Item> items, Keys keys) {
    return EventRepository.lockSessions(tx, keys.nodes(), keys.values())
        .chain(
            () -> repository.findBySessions(tx, ws, keys.nodes(), keys.values(), keys.consents()))
        .invoke(map -> bindSessions(items, map, policies))
        .chain(() -> insert(tx, ws, items));
  }

  private static void bindSessions(
      List<Item> items, Map<String, CustomerRef> map, EventPolicies policies) {
    for (Item it : items) {
      if (!it.bringsBack(BringBackType.SESSION_ID)) {
        continue;
      }
      CustomerRef c = map.get(EventRepository.key(it.bringBack.nodeId(), it.bringBack.value()));
      if (c != null) {
        it.customerId = c.id();
        it.nodeId = c.nodeId();
        checkConsents(it, c.consents(), policies);
      } else if (!policies.requiredConsents(it.draft.type()).isEmpty()) {
        it.reject(
            Kind.UNPROCESSABLE,
            "No customer holds this session yet, so the consents "
                + it.draft.type()
                + " needs are unknown",
            "bringBackProperties.value",
            "consent of an anonymous session is unknown");
      } else {
        it.session = it.bringBack.value();
      }
    }
  }

  private Uni<Void> insert(SqlClient client, UUID ws, List<Item> items) {
    List<NewEvent> rows = rows(items);
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return repository
        .insertLogged(client, ws, rows, registrationTime())
        .invoke(written -> rejectUnwritten(items, written))
        .replaceWithVoid();
  }

  /** Items whose customer was deleted or forgotten while they were ingested: 404, not stored. */
  private static void rejectUnwritten(List<Item> items, Set<UUID> written) {
    for (Item it : items) {
      if (it.ok() && it.id != null && !written.contains(it.id)) {
        it.id = null;
        it.reject(
            Kind.NOT_FOUND,
            "Customer not found",
            "customerId",
            "no such customer in this workspace");
      }
    }
  }

  /** Now in UTC at the database's precision (microseconds), so a stored time renders as sent. */
  private static OffsetDateTime registrationTime() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private static List<NewEvent> rows(List<Item> items) {
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
              d.properties(),
              d.contextInfo(),
              d.tracking(),
              it.bringBack,
              it.customerId == null ? it.session : null,
              d.date()));
    }
    return rows;
  }
}
