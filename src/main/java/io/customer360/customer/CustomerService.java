package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.event.CustomerEvents;
import io.customer360.identity.EntryCustomer;
import io.customer360.identity.IdentityService;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.security.Roles;
import io.customer360.stream.ChangeLog;
import io.customer360.stream.ChangeLog.Change;
import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLog.Operation;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Entry customers: create (or merge on the node's unique key), read, replace, patch, delete,
 * search, export and forget. Every write runs in one transaction that also rewrites the customer's
 * identifiers, appends a change-log row and lets identity resolution follow.
 */
@ApplicationScoped
public class CustomerService {

  public static final int SEARCH_CAP = 10_000;
  static final Map<String, String> SORTS =
      Map.of(
          "updatedAt", "updated_at",
          "registeredAt", "registered_at",
          "externalId", "external_id",
          "intId", "int_id",
          "id", "id");

  /** Runs inside the write transaction after the customer row is written. */
  @FunctionalInterface
  public interface TxStep {
    Uni<Void> run(SqlClient tx, Customer written);
  }

  /** A written customer and whether it was created (false: merged into an existing one). */
  public record Written(Customer customer, boolean created) {}

  private final Pool pool;
  private final CustomerRepository repository;
  private final NodeService nodes;
  private final IdentityService identity;
  private final CustomerEvents events;
  private final ChangeLog changeLog;
  private final CustomerCreates creates;

  CustomerService(
      Pool pool,
      CustomerRepository repository,
      NodeService nodes,
      IdentityService identity,
      CustomerEvents events,
      ChangeLog changeLog,
      CustomerCreates creates) {
    this.pool = pool;
    this.repository = repository;
    this.nodes = nodes;
    this.identity = identity;
    this.events = events;
    this.changeLog = changeLog;
    this.creates = creates;
  }

  // ------------------------------------------------------------------------------------ create

  /**
   * Creates a customer, or merges the request into the customer of the node that has the same
   * unique key. The unique index on (node_id, unique_key) settles races: an insert that finds the
   * key taken turns into a merge into the winner, inside the same transaction.
   */
  public Uni<Written> create(Tenant tenant, ObjectNode body, String sessionId) {
    UUID nodeId = nodeIdOf(body);
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(
            node -> {
              if (!node.isEntry()) {
                throw ApiException.badRequest("nodeId", "must be an entry node");
              }
              tenant.requireWrite(nodeId);
              return node;
            })
        .chain(node -> createIn(tenant, node, writableOf(body), sessionId));
  }

  private Uni<Written> createIn(Tenant tenant, Node node, ObjectNode request, String sessionId) {
    Workspace ws = tenant.workspace();
    List<FieldError> errors = disabledIn(ws, request);
    errors.addAll(
        CustomerValidator.validate(request, extendedSchema(ws), node.mandatoryProperties()));
    String key = UniqueKey.of(node.uniquePolicy(), request, errors);
    throwIfAny(errors);
    String actor = tenant.caller().actor();
    ObjectNode sourceInfo = JsonNodeFactory.instance.objectNode();
    sourceInfo.put("registeredBy", actor).put("updatedBy", actor);
    Customer fresh =
        new Customer(
            UUID.randomUUID(),
            0,
            ws.id(),
            node.id(),
            Customer.externalIdOf(request),
            key,
            Customer.storedDocument(request),
            Customer.enabledOf(request),
            null,
            null,
            1,
            0,
            sourceInfo);
    return identity
        .prepare(node.id())
        .chain(aggregates -> write(tenant, node, aggregates, fresh, request, sessionId));
  }

  /**
   * Without a session, the create goes with concurrent ones in one statement and one commit, and
   * only a create whose unique key is taken opens a transaction to merge; with a session, the
   * create and the binding share one transaction.
   */
  private Uni<Written> write(
      Tenant tenant,
      Node node,
      IdentityService.Aggregates aggregates,
      Customer fresh,
      ObjectNode request,
      String sessionId) {
    if (sessionId != null) {
      return Db.transaction(
          pool,
          tx ->
              insertOrMerge(tx, tenant, node, aggregates, fresh, request, 3)
                  .call(w -> bindSession(tx, w.customer(), sessionId)));
    }
    return creates
        .create(newCustomer(aggregates, fresh))
        .chain(
            created ->
                created != null
                    ? Uni.createFrom().item(new Written(created, true))
                    : Db.transaction(
                        pool,
                        tx -> insertOrMerge(tx, tenant, node, aggregates, fresh, request, 3)));
  }

  private CustomerRepository.NewCustomer newCustomer(
      IdentityService.Aggregates aggregates, Customer fresh) {
    List<String> types = new ArrayList<>(3);
    List<String> values = new ArrayList<>(3);
    identifiers(fresh, types, values);
    return new CustomerRepository.NewCustomer(
        fresh, types, values, identity.memberships(aggregates, fresh.toJson()));
  }

  /**
   * Inserts first (one statement for a new customer); when the key is taken, locks the holder and
   * merges into it. If the holder vanished in between, the insert is tried again.
   */
  private Uni<Written> insertOrMerge(
      SqlClient tx,
      Tenant tenant,
      Node node,
      IdentityService.Aggregates aggregates,
      Customer fresh,
      ObjectNode request,
      int attempts) {
    return repository
        .insert(tx, List.of(newCustomer(aggregates, fresh)))
        .chain(
            inserted -> {
              if (!inserted.isEmpty()) {
                return Uni.createFrom().item(new Written(inserted.get(0), true));
              }
              return repository
                  .findByKeyForUpdate(tx, node.id(), fresh.uniqueKey())
                  .chain(
                      holder -> {
                        if (holder != null) {
                          return mergeExisting(tx, tenant, node, aggregates, holder, request);
                        }
                        if (attempts <= 1) {
                          throw ApiException.conflict(
                              "The customer with this unique key changed concurrently; retry");
                        }
                        return insertOrMerge(
                            tx, tenant, node, aggregates, fresh, request, attempts - 1);
                      });
            });
  }

  private Uni<Written> mergeExisting(
      SqlClient tx,
      Tenant tenant,
      Node node,
      IdentityService.Aggregates aggregates,
      Customer existing,
      ObjectNode request) {
    ObjectNode merged = CustomerMerger.merge(existing.writable(), request, false);
    return save(tx, tenant, node, aggregates, existing, merged).map(c -> new Written(c, false));
  }

  // ------------------------------------------------------------------------------------ reads

  /** An entry customer the caller may read, else the unified customer with that id, else 404. */
  public Uni<ObjectNode> findAny(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .chain(
            c -> {
              if (c != null) {
                tenant.requireRead(c.nodeId());
                return Uni.createFrom().item(c.toJson());
              }
              return identity
                  .findUnified(tenant.workspaceId(), id)
                  .map(
                      u -> {
                        if (u == null) {
                          throw ApiException.notFound("Customer");
                        }
                        String node = u.path("nodeId").asText(null);
                        if (node != null) {
                          tenant.requireRead(UUID.fromString(node));
                        }
                        return u;
                      });
            });
  }

  /** An entry customer the caller may read. */
  public Uni<Customer> findEntry(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .map(
            c -> {
              if (c == null) {
                throw ApiException.notFound("Customer");
              }
              tenant.requireRead(c.nodeId());
              return c;
            });
  }

  public Uni<Paged<ObjectNode>> search(
      Tenant tenant, UUID nodeId, String externalId, String sort, PageRequest page) {
    tenant.requireRead(nodeId);
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .chain(
            node -> {
              if (node.isActiveAggregate()) {
                return identity.searchUnified(tenant.workspaceId(), node, externalId, page, sort);
              }
              if (!node.isEntry()) {
                throw ApiException.badRequest(
                    "nodeId", "must be an entry node or an ACTIVE aggregate node");
              }
              String orderBy = orderBy(sort);
              return repository
                  .page(nodeId, externalId, orderBy, page, SEARCH_CAP)
                  .map(
                      rows ->
                          new Paged<>(
                              Db.list(rows, r -> repository.toCustomer(r).toJson()),
                              PageInfo.capped(page, Db.total(rows), SEARCH_CAP)));
            });
  }

  static String orderBy(String sort) {
    if (sort == null || sort.isBlank()) {
      return "updated_at desc, id desc";
    }
    String[] parts = sort.split(",");
    String column = SORTS.get(parts[0].trim());
    String dir = parts.length > 1 ? parts[1].trim().toLowerCase(java.util.Locale.ROOT) : "asc";
    if (column == null || parts.length > 2 || !(dir.equals("asc") || dir.equals("desc"))) {
      throw ApiException.badRequest(
          "sort",
          "must be field or field,asc|desc with field one of "
              + String.join(", ", new java.util.TreeSet<>(SORTS.keySet())));
    }
    return column + " " + dir + (column.equals("id") ? "" : ", id " + dir);
  }

  // ----------------------------------------------------------------------------------- writes

  /**
   * PUT: the request replaces the customer (subscriptions keep omitted properties unless STRICT).
   */
  public Uni<Customer> replace(
      Tenant tenant, UUID id, ObjectNode body, boolean strict, String sessionId) {
    if (!body.hasNonNull("nodeId")) {
      throw ApiException.badRequest("nodeId", "is required");
    }
    ObjectNode request = writableOf(body);
    return update(
        tenant,
        id,
        current -> {
          requireSameNode(body, current);
          return CustomerMerger.replace(current.writable(), request, strict);
        },
        request,
        sessionStep(sessionId));
  }

  /** PATCH: merges the request into the customer, then validates the result. */
  public Uni<Customer> patch(
      Tenant tenant, UUID id, ObjectNode body, boolean strict, String sessionId) {
    ObjectNode request = writableOf(body);
    return update(
        tenant,
        id,
        current -> {
          requireSameNode(body, current);
          return CustomerMerger.merge(current.writable(), request, strict);
        },
        request,
        sessionStep(sessionId));
  }

  /** Changes a customer's writable document under a row lock: the generic write path. */
  public Uni<Customer> update(
      Tenant tenant,
      UUID id,
      java.util.function.Function<Customer, ObjectNode> change,
      ObjectNode request,
      TxStep step) {
    UUID ws = tenant.workspaceId();
    return Db.transaction(
        pool,
        tx ->
            repository
                .findForUpdate(tx, ws, id)
                .chain(
                    current -> {
                      if (current == null) {
                        throw ApiException.notFound("Customer");
                      }
                      tenant.requireWrite(current.nodeId());
                      return nodes
                          .findEntry(ws, current.nodeId())
                          .chain(
                              node -> {
                                ObjectNode next = change.apply(current);
                                if (request != null) {
                                  throwIfAny(disabledIn(tenant.workspace(), request));
                                }
                                return save(tx, tenant, node, null, current, next);
                              });
                    })
                .call(c -> step == null ? Uni.createFrom().voidItem() : step.run(tx, c)));
  }

  /** Convenience for sub-resources: a pure change of the writable document. */
  public Uni<Customer> update(Tenant tenant, UUID id, UnaryOperator<ObjectNode> change) {
    return update(tenant, id, c -> change.apply(c.writable()), null, null);
  }

  /** {@code aggregates}: loaded before the transaction; null loads them (inside it). */
  private Uni<Customer> save(
      SqlClient tx,
      Tenant tenant,
      Node node,
      IdentityService.Aggregates aggregates,
      Customer current,
      ObjectNode next) {
    Workspace ws = tenant.workspace();
    List<FieldError> errors =
        CustomerValidator.validate(next, extendedSchema(ws), node.mandatoryProperties());
    String key = UniqueKey.of(node.uniquePolicy(), next, errors);
    throwIfAny(errors);
    ObjectNode sourceInfo =
        current.sourceInfo() == null
            ? JsonNodeFactory.instance.objectNode()
            : current.sourceInfo().deepCopy();
    sourceInfo.put("updatedBy", tenant.caller().actor());
    Customer changed =
        new Customer(
            current.id(),
            current.intId(),
            current.workspaceId(),
            current.nodeId(),
            Customer.externalIdOf(next),
            key,
            Customer.storedDocument(next),
            Customer.enabledOf(next),
            current.registeredAt(),
            current.updatedAt(),
            current.version(),
            current.deleted(),
            sourceInfo);
    return repository
        .update(tx, changed)
        .onFailure(Db::isUniqueViolation)
        .transform(
            e ->
                ApiException.conflict(
                    "unique key",
                    "Conflict with exiting customer: the unique key belongs to another customer"))
        .call(saved -> afterWrite(tx, aggregates, saved));
  }

  /** Identifiers, change log and identity maintenance, in the write transaction. */
  private Uni<Void> afterWrite(SqlClient tx, IdentityService.Aggregates aggregates, Customer c) {
    List<String> types = new ArrayList<>(3);
    List<String> values = new ArrayList<>(3);
    identifiers(c, types, values);
    ObjectNode json = c.toJson();
    return repository
        .replaceIdentifiers(tx, c, types, values)
        .chain(
            () ->
                changeLog.append(
                    tx,
                    new Change(
                        c.workspaceId(),
                        c.nodeId(),
                        Entity.CUSTOMER,
                        c.id(),
                        Operation.UPDATE,
                        json)))
        .chain(() -> resolveIdentity(tx, aggregates, c, json));
  }

  private Uni<Void> resolveIdentity(
      SqlClient tx, IdentityService.Aggregates aggregates, Customer c, ObjectNode json) {
    EntryCustomer entry =
        new EntryCustomer(
            c.workspaceId(), c.nodeId(), c.id(), json, c.registeredAt(), c.updatedAt());
    return aggregates == null
        ? identity.entryCustomerWritten(tx, entry)
        : identity.entryCustomerWritten(tx, aggregates, entry);
  }

  static void identifiers(Customer c, List<String> types, List<String> values) {
    JsonNode contacts = c.document().path("base").path("contacts");
    String email = contacts.path("email").asText(null);
    if (email != null && !email.isBlank()) {
      types.add("email");
      values.add(CustomerValidator.lower(email.trim()));
    }
    String mobile = contacts.path("mobilePhone").asText(null);
    if (mobile != null && !mobile.isBlank()) {
      String e164 = CustomerValidator.e164(mobile);
      types.add("mobile");
      values.add(e164 != null ? e164 : mobile);
    }
    if (c.externalId() != null && !c.externalId().isBlank()) {
      types.add("externalId");
      values.add(c.externalId());
    }
  }

  // ----------------------------------------------------------------------------- delete/forget

  public Uni<Customer> delete(Tenant tenant, UUID id) {
    return remove(tenant, id, null);
  }

  /**
   * Removes the customer, its events and its derived data, and logs a FORCED_DELETE consent row.
   */
  public Uni<Void> forget(Tenant tenant, UUID id) {
    tenant.requireRole(Roles.DPO, Roles.ADMIN);
    return remove(
            tenant,
            id,
            (tx, c) ->
                events
                    .deleteAll(tx, c.workspaceId(), c.id())
                    .chain(
                        () ->
                            repository.logForcedDelete(
                                tx,
                                c.workspaceId(),
                                c.id(),
                                tenant.caller().sourceId(),
                                tenant.caller().userId())))
        .invoke(c -> Log.infof("customer %s of workspace %s forgotten", c.id(), c.workspaceId()))
        .replaceWithVoid();
  }

  private Uni<Customer> remove(
      Tenant tenant, UUID id, BiFunction<SqlClient, Customer, Uni<Void>> before) {
    UUID ws = tenant.workspaceId();
    return Db.transaction(
        pool,
        tx ->
            repository
                .findForUpdate(tx, ws, id)
                .chain(
                    c -> {
                      if (c == null) {
                        throw ApiException.notFound("Customer");
                      }
                      tenant.requireWrite(c.nodeId());
                      Uni<Void> first =
                          before == null ? Uni.createFrom().voidItem() : before.apply(tx, c);
                      return first
                          .chain(() -> identity.entryCustomerDeleted(tx, ws, c.nodeId(), c.id()))
                          .chain(() -> repository.delete(tx, ws, id))
                          .call(
                              deleted ->
                                  changeLog.append(
                                      tx,
                                      new Change(
                                          ws,
                                          c.nodeId(),
                                          Entity.CUSTOMER,
                                          c.id(),
                                          Operation.DELETE,
                                          null)));
                    }));
  }

  public Uni<ObjectNode> export(Tenant tenant, UUID id) {
    return findEntry(tenant, id)
        .chain(
            c ->
                events
                    .findAll(tenant.workspaceId(), id)
                    .map(
                        list -> {
                          ObjectNode out = JsonNodeFactory.instance.objectNode();
                          out.set("customer", c.toJson());
                          out.putArray("events").addAll(list);
                          return out;
                        }));
  }

  // ----------------------------------------------------------------------------------- sessions

  private TxStep sessionStep(String sessionId) {
    return sessionId == null ? null : (tx, c) -> bindSession(tx, c, sessionId);
  }

  /**
   * Binds a session value to the customer (idempotent for the same customer; 409 when another
   * customer of the node holds it) and hands its anonymous events to the customer.
   */
  public Uni<Void> bindSession(SqlClient tx, Customer c, String session) {
    if (session == null) {
      return Uni.createFrom().voidItem();
    }
    if (session.isBlank() || session.length() > 255) {
      throw ApiException.badRequest("sessionId", "must be 1 to 255 characters long");
    }
    return tx.preparedQuery(
            "insert into customer_session (id, workspace_id, node_id, customer_id, value)"
                + " values ($1, $2, $3, $4, $5) on conflict (node_id, value)"
                + " do update set value = excluded.value returning customer_id")
        .execute(Tuple.of(UUID.randomUUID(), c.workspaceId(), c.nodeId(), c.id(), session))
        .map(rows -> rows.iterator().next().getUUID("customer_id"))
        .chain(
            owner -> {
              if (!owner.equals(c.id())) {
                throw ApiException.conflict(
                    "sessionId", "the session is bound to another customer of this node");
              }
              return events.attachSession(tx, c.workspaceId(), c.nodeId(), session, c.id());
            })
        .replaceWithVoid();
  }

  // ------------------------------------------------------------------------------------ helpers

  static UUID nodeIdOf(JsonNode body) {
    JsonNode n = body.get("nodeId");
    if (n == null || n.isNull()) {
      throw ApiException.badRequest("nodeId", "is required");
    }
    try {
      return UUID.fromString(n.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("nodeId", "must be a uuid");
    }
  }

  /** nodeId is immutable: a request that names another node is refused rather than ignored. */
  private static void requireSameNode(ObjectNode body, Customer current) {
    if (body.hasNonNull("nodeId") && !nodeIdOf(body).equals(current.nodeId())) {
      throw ApiException.badRequest("nodeId", "is immutable and must equal the customer's node");
    }
  }

  /** The writable part of a request body; the system fields (id, version, …) are ignored. */
  static ObjectNode writableOf(ObjectNode body) {
    ObjectNode out = body.deepCopy();
    out.remove("nodeId");
    out.remove(CustomerValidator.SYSTEM);
    return out;
  }

  static JsonNode extendedSchema(Workspace ws) {
    return ws.setting(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES);
  }

  static Set<String> disabledBase(Workspace ws) {
    Set<String> out = new HashSet<>();
    ws.setting(WorkspaceSettings.DISABLED_BASE_PROPERTIES).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<FieldError> disabledIn(Workspace ws, ObjectNode request) {
    List<FieldError> errors = new ArrayList<>();
    for (String path : disabledBase(ws)) {
      JsonNode v = CustomerValidator.at(request, path);
      if (!v.isMissingNode() && !v.isNull()) {
        errors.add(new FieldError(path, "is disabled in this workspace"));
      }
    }
    return errors;
  }

  static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
  }
}
