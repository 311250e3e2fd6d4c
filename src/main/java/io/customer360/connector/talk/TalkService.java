package io.customer360.connector.talk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.DatabaseOutage;
import io.customer360.common.FieldError;
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
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /**
   * How many talk custom fields ({@code talkCf_*} extended properties) a workspace may declare: a
   * delivery bringing new keys beyond it is refused (400 naming {@code custom_fields}), so webhook
   * callers cannot grow the customer schema without bound. Concurrent first deliveries may pass it
   * by the keys of one request each.
   */
  static final int MAX_CUSTOM_FIELDS = 1000;

  /** Most talk customers in one request. */
  public static final int MAX_ITEMS = 500;

  private final NodeService nodes;
  private final CustomerService customers;
  private final CustomerQueryService queries;
  private final CustomerPropertiesService properties;
  private final Customer360Config config;

  TalkService(
      NodeService nodes,
      CustomerService customers,
      CustomerQueryService queries,
      CustomerPropertiesService properties,
      Customer360Config config) {
    this.nodes = nodes;
    this.customers = customers;
    this.queries = queries;
    this.properties = properties;
    this.config = config;
  }

  /**
   * Upserts talk customers into the entry node {@code rawNodeId}, one after another, each in its
   * own write (a refused item leaves nothing and does not stop the others; inside an array even an
   * item the database cannot serve gets its own outcome, see {@link #failed}). Errors of the core
   * name the talk fields that fed the failing paths. Before the first write the extended properties
   * the valid items need are declared in the workspace's schema (only the missing ones,
   * atomically). 404 for an unknown or foreign node; 400 when the node is not an entry node; 422
   * when its unique-customer policy is not {@code [externalId]}; 403 without RW on it.
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
    Set<String> known = declaredCustomFields(tenant);
    Set<String> added = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String prefix = array ? "[" + i + "]." : "";
      Mapped m = TalkMapper.toCore(items.get(i), prefix);
      if (m.ok()) {
        List<String> fresh = freshCustomFields(m, known, added);
        if (known.size() + added.size() + fresh.size() > MAX_CUSTOM_FIELDS) {
          m = tooManyCustomFields(m, prefix);
        } else {
          added.addAll(fresh);
          wanted.setAll(m.definitions());
        }
      }
      mapped.add(m);
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
                .transformToUniAndConcatenate(i -> one(t, node, i, mapped.get(i), array))
                .collect()
                .asList());
  }

  /** The custom-field properties ({@code talkCf_*}) the workspace's customer schema declares. */
  private Set<String> declaredCustomFields(Tenant tenant) {
    Set<String> names = new HashSet<>();
    properties
        .extended(tenant.workspace())
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith(TalkMapper.CUSTOM_FIELD_PREFIX)) {
                names.add(n);
              }
            });
    return names;
  }

  private static List<String> freshCustomFields(Mapped m, Set<String> declared, Set<String> added) {
    List<String> fresh = new ArrayList<>();
    m.definitions()
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith(TalkMapper.CUSTOM_FIELD_PREFIX)
                  && !declared.contains(n)
                  && !added.contains(n)) {
                fresh.add(n);
              }
            });
    return fresh;
  }

  private static Mapped tooManyCustomFields(Mapped m, String prefix) {
    return new Mapped(
        null,
        m.talkId(),
        m.definitions(),
        List.of(
            new FieldError(
                prefix + "custom_fields",
                "would declare more than "
                    + MAX_CUSTOM_FIELDS
                    + " custom fields in the workspace; reuse the keys already declared")),
        m.origins());
  }

  private Uni<TalkItemResult> one(Tenant tenant, Node node, int index, Mapped m, boolean array) {
    String prefix = array ? "[" + index + "]." : "";
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
        .onFailure()
        .recoverWithUni(
            e -> {
              ApiException a = apiException(e);
              if (a != null) {
                Log.warnf("talk customer refused in node %s: status %d", node.id(), a.status());
                ApiException talk = inTalkTerms(a, m, prefix);
                return Uni.createFrom()
                    .item(
                        new TalkItemResult(
                            index,
                            talk.status(),
                            Result.ERROR,
                            m.talkId(),
                            null,
                            talk.getMessage(),
                            talk.errors(),
                            talk.retryAfterSeconds()));
              }
              if (!array) {
                return Uni.createFrom().failure(e); // a single object: the plain error answer
              }
              return Uni.createFrom().item(failed(index, m, e));
            });
  }

  /** The ApiException a failure is or wraps (as the error mappers unwrap it), else null. */
  private static ApiException apiException(Throwable e) {
    if (e instanceof ApiException a) {
      return a;
    }
    return e.getCause() instanceof ApiException a ? a : null;
  }

  /**
   * The outcome of an array item whose write failed with something else than a refusal: 503 with
   * {@code retryAfter} when PostgreSQL cannot serve (connection lost, pool exhausted, statement
   * timeout: {@link DatabaseOutage#isUnavailable}), 400 for a value the database cannot store
   * (SQLSTATE class 22, as the error mappers answer it), else 500 with an error id that is also in
   * the ERROR log. The other items keep their own outcomes.
   */
  private TalkItemResult failed(int index, Mapped m, Throwable e) {
    if (DatabaseOutage.isUnavailable(e)) {
      DatabaseOutage.refused(e);
      ApiException u = ApiException.unavailable(config.limits().retryAfterSeconds());
      return new TalkItemResult(
          index,
          u.status(),
          Result.ERROR,
          m.talkId(),
          null,
          u.getMessage(),
          List.of(),
          u.retryAfterSeconds());
    }
    PgException pg = pgException(e);
    if (pg != null && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      String message =
          "contains a value the database cannot store (SQLSTATE " + pg.getSqlState() + ")";
      FieldError error = new FieldError(index(index), message);
      return new TalkItemResult(
          index,
          400,
          Result.ERROR,
          m.talkId(),
          null,
          ApiException.badRequest(List.of(error)).getMessage(),
          List.of(error));
    }
    String logref = UUID.randomUUID().toString();
    Log.errorf(e, "talk customer %s failed unexpectedly, logref %s", m.talkId(), logref);
    return new TalkItemResult(
        index,
        500,
        Result.ERROR,
        m.talkId(),
        null,
        "Internal server error (logref " + logref + ")",
        List.of());
  }

  private static PgException pgException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException p) {
        return p;
      }
    }
    return null;
  }

  private static String index(int index) {
    return "[" + index + "]";
  }

  /**
   * The core's refusal with its paths named in talk terms: each core path (e.g. {@code
   * base.firstName}) becomes the talk field that fed it ({@code name}, {@link Mapped#talkPath}),
   * prefixed by {@code prefix} ({@code [i].} inside an array); a path the talk customer did not
   * feed keeps its core name, prefixed. The message names the first error's talk path.
   */
  static ApiException inTalkTerms(ApiException a, Mapped m, String prefix) {
    if (a.errors() == null || a.errors().isEmpty()) {
      return a;
    }
    List<FieldError> errors = new ArrayList<>(a.errors().size());
    for (FieldError f : a.errors()) {
      String talk = f.path() == null ? null : m.talkPath(f.path());
      String path = prefix + (talk == null ? f.path() : talk);
      errors.add(new FieldError(path, f.message(), f.data()));
    }
    String message = a.getMessage();
    String first = a.errors().get(0).path();
    if (message != null && first != null && !first.isEmpty() && message.contains(first)) {
      message = message.replace(first, errors.get(0).path());
    }
    return new ApiException(a.status(), message, errors, a.retryAfterSeconds());
  }

  /** Updates the node's customer holding the talk id, else creates one (merging on a race). */
  private Uni<CustomerService.Written> write(Tenant tenant, Node node, Mapped m) {
    return queries
        .findByIdentifier(tenant, node.id(), CustomerIdentifiers.EXTERNAL_ID, m.talkId())
        .chain(
            found ->
                found.isEmpty() ? firstDelivery(tenant, node, m) : update(tenant, found.get(0), m));
  }

  /**
   * Creates the talk customer; when a concurrent first delivery of the same talk id created it
   * meanwhile, the create merged into it (CU2 rules: collections appended), so this delivery then
   * replaces what the connector owns, like any later delivery: the customer ends as one delivery
   * sent it, never as a blend of several.
   */
  private Uni<CustomerService.Written> firstDelivery(Tenant tenant, Node node, Mapped m) {
    return create(tenant, node, m)
        .chain(w -> w.created() ? Uni.createFrom().item(w) : update(tenant, w.customer(), m));
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
