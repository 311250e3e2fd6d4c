package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.Ids;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Customer writes: create (or merge on the node's unique key), replace, patch, item and session
 * edits, delete and forget (spec §1.12, §1.14); reads, searches and export are {@link
 * CustomerQueryService}'s. Every write runs in one transaction that also rewrites the customer's
 * identifiers, appends a change-log row, appends a consent-log entry for each consent value it
 * changes ({@link CustomerConsentLog}: none when the consents stay as they were) and lets identity
 * resolution follow.
 *
 * <p>Everything cached or configured (workspace, node, the aggregates of the entry node, the phone
 * region) is loaded before the transaction starts, so a transaction never asks the pool for a
 * second connection (issue 13, fault 1). Existence and every input rule are checked before the
 * first write (fault 9).
 */
@ApplicationScoped
public class CustomerService {

  /** A step run inside the write transaction after the customer row is written. */
  @FunctionalInterface
  public interface TxStep<T> {
    Uni<T> run(SqlClient tx, Customer written);
  }

  /** A change of a customer's writable document and what the change answers. */
  public record Edit<T>(ObjectNode document, T answer) {}

  /** A written customer and the answer of the change that wrote it. */
  public record Edited<T>(Customer customer, T answer) {}

  /** A written customer and whether it was created (false: merged into an existing one). */
  public record Written(Customer customer, boolean created) {}

  /**
   * What a write needs from the configuration, loaded before its transaction: the caller's tenant,
   * the entry node, the aggregate nodes over it ({@link IdentityService#prepare}) and the
   * workspace's phone region.
   */
  record Context(
      Tenant tenant, Node node, IdentityService.Aggregates aggregates, String phoneRegion) {

    Workspace workspace() {
      return tenant.workspace();
    }
  }

  private final Pool pool;
  private final CustomerRepository repository;
  private final NodeService nodes;
  private final IdentityService identity;
  private final CustomerEventStore events;
  private final SessionBinder sessions;
  private final ChangeLog changeLog;
  private final CustomerConsentLog consents;
  private final String defaultPhoneRegion;

  /** Most matches a search reaches ({@code customer360.limits.search-cap}, spec CU1). */
  private final int searchCap;

  private final CustomerCreates creates;

  CustomerService(
      Pool pool,
      CustomerRepository repository,
      NodeService nodes,
      IdentityService identity,
      CustomerEventStore events,
      SessionBinder sessions,
      ChangeLog changeLog,
      Customer360Config config,
      CustomerCreates creates,
      CustomerConsentLog consents) {
    this.pool = pool;
    this.repository = repository;
    this.nodes = nodes;
    this.identity = identity;
    this.events = events;
    this.sessions = sessions;
    this.changeLog = changeLog;
    this.defaultPhoneRegion = config.identity().defaultPhoneRegion();
    this.searchCap = config.limits().searchCap();
    this.creates = creates;
    this.consents = consents;
  }

  // ------------------------------------------------------------------------------------ create

  /**
   * Creates a customer, or merges the request into the customer of the node that has the same
   * unique key (CU2: collections appended and deduplicated). The unique index on (node_id,
   * unique_key) settles races: an insert that finds the key taken turns into a merge into the
   * winner, inside the same transaction. 400 on any invalid input, before anything is written.
   */
  public Uni<Written> create(Tenant tenant, ObjectNode body, String sessionId) {
    UUID nodeId = nodeIdOf(body);
    ObjectNode request = writableOf(body);
    SessionBinder.requireValid(sessionId, "sessionId");
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(node -> requireCreatable(tenant, node))
        .chain(node -> context(tenant, node))
        .chain(ctx -> createIn(ctx, request, sessionId));
  }

  private static Node requireCreatable(Tenant tenant, Node node) {
    if (!node.isEntry()) {
      throw ApiException.badRequest("nodeId", "must be an entry node");
    }
    tenant.requireWrite(node.id());
    return node;
  }

  private Uni<Written> createIn(Context ctx, ObjectNode request, String sessionId) {
    return write(ctx, freshCustomer(ctx, request), request, sessionId);
  }

  /**
   * The customer a create makes of a validated request (not yet written); 400 with every failing
   * field when the request is invalid.
   */
  private static Customer freshCustomer(Context ctx, ObjectNode request) {
    Workspace ws = ctx.workspace();
    List<FieldError> errors = disabledIn(ws, request);
    errors.addAll(
        CustomerValidator.validate(request, extendedSchema(ws), ctx.node().mandatoryProperties()));
    String key = UniqueKey.of(ctx.node().uniquePolicy(), request, ctx.phoneRegion(), errors);
    throwIfAny(errors);
    String actor = ctx.tenant().caller().actor();
    ObjectNode sourceInfo = JsonNodeFactory.instance.objectNode();
    sourceInfo.put("registeredBy", actor).put("updatedBy", actor);
    Customer fresh =
        new Customer(
            UUID.randomUUID(),
            0,
            ws.id(),
            ctx.node().id(),
            Customer.externalIdOf(request),
            key,
            Customer.storedDocument(request),
            Customer.enabledOf(request),
            CustomerJson.now(),
            null,
            1,
            0,
            sourceInfo);
    return withUpdatedAt(fresh);
  }

  /**
   * Without a session, the create goes with concurrent ones in one statement and one commit ({@link
   * CustomerCreates}), and only a create whose unique key is taken opens a transaction to merge;
   * with a session, the create and the binding share one transaction.
   */
  private Uni<Written> write(Context ctx, Customer fresh, ObjectNode request, String sessionId) {
    if (sessionId != null) {
      return Db.transaction(
          pool,
          tx ->
              insertOrMerge(tx, ctx, fresh, request, 3)
                  .call(w -> bindSession(tx, w.customer(), sessionId)));
    }
    return creates
        .create(newCustomer(ctx, fresh))
        .chain(created -> createdOrMerge(ctx, created, fresh, request));
  }

  private Uni<Written> createdOrMerge(
      Context ctx, Customer created, Customer fresh, ObjectNode request) {
    if (created != null) {
      return Uni.createFrom().item(new Written(created, true));
    }
    return Db.transaction(pool, tx -> insertOrMerge(tx, ctx, fresh, request, 3));
  }

  /**
   * A customer to create: its identifiers, its memberships in the ACTIVE aggregate nodes over its
   * entry node, its API JSON as GET renders it (the change-log row of the create) and, when it has
   * consent values, the consent-log write of its consents (from none).
   */
  private CustomerRepository.NewCustomer newCustomer(Context ctx, Customer fresh) {
    ObjectNode json = CustomerJson.render(fresh);
    JsonNode given = fresh.document().get("consents");
    return new CustomerRepository.NewCustomer(
        fresh,
        CustomerIdentifiers.of(fresh.externalId(), fresh.document(), ctx.phoneRegion()),
        identity.memberships(ctx.aggregates(), json),
        json,
        consents.changes(null, given) ? consentWrite(ctx, fresh, null, given) : null);
  }

  /**
   * Inserts first (one statement for a new customer, then its consent-log entries); when the key is
   * taken, locks the holder and merges into it. If the holder vanished in between, the insert is
   * tried again.
   */
  private Uni<Written> insertOrMerge(
      SqlClient tx, Context ctx, Customer fresh, ObjectNode request, int attempts) {
    CustomerRepository.NewCustomer created = newCustomer(ctx, fresh);
    return repository
        .insert(tx, List.of(created))
        .chain(
            inserted ->
                inserted.isEmpty()
                    ? mergeIntoHolder(tx, ctx, fresh, request, attempts)
                    : recordCreated(tx, created).replaceWith(new Written(inserted.get(0), true)));
  }

  private Uni<Void> recordCreated(SqlClient tx, CustomerRepository.NewCustomer created) {
    return created.consents() == null
        ? Uni.createFrom().voidItem()
        : consents.recordChanges(tx, List.of(created.consents()));
  }

  /**
   * The consent-log write of one customer write: its consents before and after, dated by the
   * customer's updatedAt, attributed to the caller.
   */
  private static CustomerConsentLog.ConsentWrite consentWrite(
      Context ctx, Customer written, JsonNode before, JsonNode after) {
    return new CustomerConsentLog.ConsentWrite(
        written.workspaceId(),
        written.nodeId(),
        written.id(),
        before,
        after,
        written.updatedAt(),
        ctx.tenant().caller());
  }

  private static Customer withUpdatedAt(Customer c) {
    return new Customer(
        c.id(),
        c.intId(),
        c.workspaceId(),
        c.nodeId(),
        c.externalId(),
        c.uniqueKey(),
        c.document(),
        c.enabled(),
        c.registeredAt(),
        c.registeredAt(),
        c.version(),
        c.deleted(),
        c.sourceInfo());
  }

  private Uni<Written> mergeIntoHolder(
      SqlClient tx, Context ctx, Customer fresh, ObjectNode request, int attempts) {
    return repository
        .findByKeyForUpdate(tx, ctx.node().id(), fresh.uniqueKey())
        .chain(
            holder ->
                holder != null
                    ? mergeExisting(tx, ctx, holder, request)
                    : retryInsert(tx, ctx, fresh, request, attempts));
  }

  private Uni<Written> retryInsert(
      SqlClient tx, Context ctx, Customer fresh, ObjectNode request, int attempts) {
    if (attempts <= 1) {
      throw ApiException.conflict("The customer with this unique key changed concurrently; retry");
    }
    return insertOrMerge(tx, ctx, fresh, request, attempts - 1);
  }

  private Uni<Written> mergeExisting(
      SqlClient tx, Context ctx, Customer existing, ObjectNode request) {
    ObjectNode merged = CustomerMerger.merge(existing.writable(), request, false);
    return save(tx, ctx, existing, merged).map(c -> new Written(c, false));
  }

  // ------------------------------------------------------------------------------------ batches

  /** The result of one row of a batch write ({@link #writeBatch}, {@link #deleteBatch}). */
  public enum BatchResult {
    /** A new customer was created. */
    CREATED,
    /** The row was merged into the node's customer with the same unique key. */
    UPDATED,
    /** The customer was deleted. */
    DELETED,
    /** Nothing of the row was written; {@code errors} say why. */
    FAILED
  }

  /**
   * The outcome of row {@code index} of a batch: the customer created, merged into or deleted
   * ({@code id}, null when FAILED) and, when FAILED, the failing fields and rules.
   */
  public record BatchOutcome(int index, UUID id, BatchResult result, List<FieldError> errors) {

    static BatchOutcome failed(int index, List<FieldError> errors) {
      return new BatchOutcome(index, null, BatchResult.FAILED, errors);
    }
  }

  /**
   * What batch writes into one entry node need (the node, its aggregates, the phone region and the
   * caller), loaded by {@link #prepareBatch} before any transaction starts.
   */
  public static final class BatchTarget {
    private final Context ctx;

    private BatchTarget(Context ctx) {
      this.ctx = ctx;
    }
  }

  /**
   * Loads what batch writes into the entry node need; 404 for an unknown node, 400 for an aggregate
   * node, 403 when the caller may not write to it. Holds no connection afterwards.
   */
  public Uni<BatchTarget> prepareBatch(Tenant tenant, UUID nodeId) {
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(node -> requireCreatable(tenant, node))
        .chain(node -> context(tenant, node))
        .map(BatchTarget::new);
  }

  /**
   * Writes a batch of customer requests (the writable document of CU2, without nodeId) into the
   * target node inside the caller's transaction {@code tx}, through the create path of the API: the
   * same validation, one {@code customer_create} statement for every new customer of the batch
   * (identifiers, change-log rows, unified customers set-based), then, unless {@code insertOnly}, a
   * merge into the holder for each row whose unique key the node already holds (CU2 rules; each
   * under a savepoint, so a refused merge leaves the others). With {@code insertOnly} such a row
   * fails naming the unique key. Answers one outcome per request, in order; an invalid row never
   * fails the batch.
   */
  public Uni<List<BatchOutcome>> writeBatch(
      SqlClient tx, BatchTarget target, List<ObjectNode> requests, boolean insertOnly) {
    Context ctx = target.ctx;
    BatchOutcome[] out = new BatchOutcome[requests.size()];
    List<Customer> fresh = new ArrayList<>();
    List<Integer> freshRows = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      try {
        fresh.add(freshCustomer(ctx, requests.get(i)));
        freshRows.add(i);
      } catch (ApiException e) {
        out[i] = BatchOutcome.failed(i, errorsOf(e));
      }
    }
    if (fresh.isEmpty()) {
      return Uni.createFrom().item(List.of(out));
    }
    List<CustomerRepository.NewCustomer> news =
        fresh.stream().map(f -> newCustomer(ctx, f)).toList();
    return creates
        .insertIn(tx, news)
        .chain(
            created -> {
              Set<UUID> ids = new HashSet<>();
              created.forEach(c -> ids.add(c.id()));
              List<Integer> taken = new ArrayList<>();
              for (int k = 0; k < fresh.size(); k++) {
                int row = freshRows.get(k);
                UUID id = fresh.get(k).id();
                if (ids.contains(id)) {
                  out[row] = new BatchOutcome(row, id, BatchResult.CREATED, List.of());
                } else if (insertOnly) {
                  out[row] = BatchOutcome.failed(row, List.of(keyTaken(ctx)));
                } else {
                  taken.add(k);
                }
              }
              return mergeTaken(tx, ctx, requests, fresh, freshRows, taken, out);
            })
        .map(done -> List.of(out));
  }

  private static FieldError keyTaken(Context ctx) {
    return new FieldError(
        String.join(",", ctx.node().uniquePolicy().properties()),
        "a customer with this unique key already exists in the node");
  }

  /** The rows whose key was taken, merged one after another, each under a savepoint. */
  private Uni<Void> mergeTaken(
      SqlClient tx,
      Context ctx,
      List<ObjectNode> requests,
      List<Customer> fresh,
      List<Integer> freshRows,
      List<Integer> taken,
      BatchOutcome[] out) {
    return io.smallrye.mutiny.Multi.createFrom()
        .iterable(taken)
        .onItem()
        .transformToUniAndConcatenate(
            k -> {
              int row = freshRows.get(k);
              return guarded(
                      tx,
                      row,
                      () ->
                          mergeIntoHolder(tx, ctx, fresh.get(k), requests.get(row), 3)
                              .map(
                                  w ->
                                      new BatchOutcome(
                                          row,
                                          w.customer().id(),
                                          w.created() ? BatchResult.CREATED : BatchResult.UPDATED,
                                          List.of())))
                  .invoke(o -> out[row] = o);
            })
        .collect()
        .last()
        .replaceWithVoid();
  }

  /**
   * Runs one row's statements under a savepoint: a refusal (400/409) or a statement error of that
   * row rolls back to the savepoint and becomes the row's FAILED outcome; deadlocks and
   * serialization failures fail the whole batch (its transaction is retried).
   */
  private static Uni<BatchOutcome> guarded(
      SqlClient tx, int row, java.util.function.Supplier<Uni<BatchOutcome>> work) {
    return tx.query("savepoint bulk_row")
        .execute()
        .chain(() -> work.get())
        .call(o -> tx.query("release savepoint bulk_row").execute())
        .onFailure(e -> !Db.isTransient(e))
        .recoverWithUni(
            e ->
                tx.query("rollback to savepoint bulk_row")
                    .execute()
                    .replaceWith(BatchOutcome.failed(row, errorsOf(e))));
  }

  private static List<FieldError> errorsOf(Throwable e) {
    if (e instanceof ApiException api && !api.errors().isEmpty()) {
      return api.errors();
    }
    return List.of(
        new FieldError("", e.getMessage() == null ? "could not be written" : e.getMessage()));
  }

  /**
   * Deletes the customers a batch names, inside the caller's transaction: each row names one
   * customer of the target node by {@code id} or by the node's unique key (the properties of its
   * unique-customer policy); the customer leaves its unified customers and a DELETE change-log row
   * is appended, as DELETE on CU does. A row naming no customer of the node fails (path {@code id}
   * or the key's properties). One outcome per row, in order.
   */
  public Uni<List<BatchOutcome>> deleteBatch(
      SqlClient tx, BatchTarget target, List<ObjectNode> requests) {
    Context ctx = target.ctx;
    BatchOutcome[] out = new BatchOutcome[requests.size()];
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      rows.add(i);
    }
    return io.smallrye.mutiny.Multi.createFrom()
        .iterable(rows)
        .onItem()
        .transformToUniAndConcatenate(
            i ->
                guarded(tx, i, () -> deleteRow(tx, ctx, i, requests.get(i)))
                    .invoke(o -> out[i] = o))
        .collect()
        .last()
        .map(done -> List.of(out));
  }

  private Uni<BatchOutcome> deleteRow(SqlClient tx, Context ctx, int row, ObjectNode request) {
    UUID ws = ctx.workspace().id();
    UUID node = ctx.node().id();
    List<String> keyPaths = ctx.node().uniquePolicy().properties();
    String keyName = String.join(",", keyPaths);
    JsonNode id = request.get("id");
    boolean byId = id != null && !id.isNull();
    boolean byKey =
        !byId || keyPaths.stream().anyMatch(p -> !CustomerValidator.at(request, p).isMissingNode());
    String key = null;
    if (byKey) {
      // the key cells obey the rules a create applies to them (CU2), then make the key
      ObjectNode doc = request.deepCopy();
      doc.remove("id");
      List<FieldError> errors = new ArrayList<>();
      for (FieldError e :
          CustomerValidator.validate(doc, extendedSchema(ctx.workspace()), List.of())) {
        if (keyPaths.contains(e.path())) {
          errors.add(e);
        }
      }
      throwIfAny(errors);
      key = UniqueKey.of(ctx.node().uniquePolicy(), request, ctx.phoneRegion(), errors);
      throwIfAny(errors);
    }
    Uni<Customer> byKeyHolder =
        key == null ? Uni.createFrom().nullItem() : repository.findByKeyForUpdate(tx, node, key);
    Uni<Customer> holder;
    FieldError missing;
    if (byId) {
      UUID customerId = Ids.uuid("id", id.asText());
      missing = new FieldError("id", "no customer of the node has this id");
      Uni<Customer> ofId =
          repository
              .findForUpdate(tx, ws, customerId)
              .map(c -> c != null && c.nodeId().equals(node) ? c : null);
      if (byKey) {
        // both given: they must name the same customer
        FieldError conflict =
            new FieldError(
                "id", "names a different customer than the unique key (" + keyName + ")");
        holder =
            ofId.chain(
                c ->
                    c == null
                        ? Uni.createFrom().nullItem()
                        : byKeyHolder.map(
                            k -> {
                              if (k == null || !k.id().equals(c.id())) {
                                throw ApiException.badRequest(List.of(conflict));
                              }
                              return c;
                            }));
      } else {
        holder = ofId;
      }
    } else {
      missing = new FieldError(keyName, "no customer of the node has this unique key");
      holder = byKeyHolder;
    }
    return holder.chain(
        c ->
            c == null
                ? Uni.createFrom().item(BatchOutcome.failed(row, List.of(missing)))
                : identity
                    .entryCustomerDeleted(tx, ctx.aggregates(), ws, c.id())
                    .chain(() -> repository.delete(tx, ws, c.id()))
                    .call(deleted -> changeLog.append(tx, change(deleted, Operation.DELETE, null)))
                    .map(
                        deleted ->
                            new BatchOutcome(row, deleted.id(), BatchResult.DELETED, List.of())));
  }

  /**
   * The customer JSON Schema of the workspace (base, consents, tags and its extended properties),
   * references resolved: the types batch uploads coerce their CSV cells by.
   */
  public static ObjectNode jsonSchema(Workspace ws) {
    return CustomerJsonSchema.of(extendedSchema(ws), true);
  }

  // ----------------------------------------------------------------------------------- writes

  /**
   * PUT (CU5): the request replaces the customer (subscriptions keep omitted properties unless
   * STRICT).
   */
  public Uni<Customer> replace(
      Tenant tenant, UUID id, ObjectNode body, boolean strict, String sessionId) {
    if (!body.hasNonNull("nodeId")) {
      throw ApiException.badRequest("nodeId", "is required");
    }
    return rewrite(
        tenant,
        id,
        body,
        sessionId,
        (current, request) -> CustomerMerger.replace(current, request, strict));
  }

  /**
   * PATCH (CU4): present properties replace the stored ones, objects merge property by property and
   * a present collection replaces the stored one (issue 13, fault 14); then the result is
   * validated.
   */
  public Uni<Customer> patch(
      Tenant tenant, UUID id, ObjectNode body, boolean strict, String sessionId) {
    return rewrite(
        tenant,
        id,
        body,
        sessionId,
        (current, request) -> CustomerMerger.patch(current, request, strict));
  }

  /** PUT and PATCH: {@code rule} makes the next document of the current one and the request. */
  private Uni<Customer> rewrite(
      Tenant tenant, UUID id, ObjectNode body, String sessionId, BinaryOperator<ObjectNode> rule) {
    ObjectNode request = writableOf(body);
    SessionBinder.requireValid(sessionId, "sessionId");
    return write(
            tenant,
            id,
            current -> new Edit<Void>(rule.apply(sameNode(body, current), request), null),
            request,
            sessionStep(sessionId))
        .map(Edited::customer);
  }

  /**
   * Changes a customer's writable document under a row lock (the sub-resources' write path): the
   * change sees the locked customer and answers the next document and its own answer.
   */
  public <T> Uni<Edited<T>> edit(Tenant tenant, UUID id, Function<Customer, Edit<T>> change) {
    return write(tenant, id, change, null, null);
  }

  /**
   * Writes the customer unchanged (a new version and change-log row) and runs {@code step} in the
   * same transaction; answers what the step answers.
   */
  public <T> Uni<T> touch(Tenant tenant, UUID id, TxStep<T> step) {
    return write(tenant, id, current -> new Edit<T>(current.writable(), null), null, step)
        .map(Edited::answer);
  }

  /** The write path: checks existence and loads the configuration, then locks, changes, saves. */
  private <T> Uni<Edited<T>> write(
      Tenant tenant,
      UUID id,
      Function<Customer, Edit<T>> change,
      ObjectNode request,
      TxStep<T> step) {
    return findWritable(tenant, id)
        .chain(c -> nodes.findEntry(tenant.workspaceId(), c.nodeId()))
        .chain(node -> context(tenant, node))
        .chain(ctx -> Db.transaction(pool, tx -> writeLocked(tx, ctx, id, change, request, step)));
  }

  private <T> Uni<Edited<T>> writeLocked(
      SqlClient tx,
      Context ctx,
      UUID id,
      Function<Customer, Edit<T>> change,
      ObjectNode request,
      TxStep<T> step) {
    return repository
        .findForUpdate(tx, ctx.workspace().id(), id)
        .chain(current -> applyEdit(tx, ctx, current, change, request))
        .chain(edited -> runStep(tx, edited, step));
  }

  private <T> Uni<Edited<T>> applyEdit(
      SqlClient tx,
      Context ctx,
      Customer current,
      Function<Customer, Edit<T>> change,
      ObjectNode request) {
    if (current == null) {
      throw ApiException.notFound("Customer");
    }
    Edit<T> edit = change.apply(current);
    if (request != null) {
      throwIfAny(disabledIn(ctx.workspace(), request));
    }
    return save(tx, ctx, current, edit.document()).map(saved -> new Edited<>(saved, edit.answer()));
  }

  private static <T> Uni<Edited<T>> runStep(SqlClient tx, Edited<T> edited, TxStep<T> step) {
    if (step == null) {
      return Uni.createFrom().item(edited);
    }
    return step.run(tx, edited.customer()).map(answer -> new Edited<>(edited.customer(), answer));
  }

  private Uni<Customer> save(SqlClient tx, Context ctx, Customer current, ObjectNode next) {
    Workspace ws = ctx.workspace();
    List<FieldError> errors =
        CustomerValidator.validate(
            next,
            current.document().get("extended"),
            extendedSchema(ws),
            ctx.node().mandatoryProperties());
    String key = UniqueKey.of(ctx.node().uniquePolicy(), next, ctx.phoneRegion(), errors);
    throwIfAny(errors);
    ObjectNode sourceInfo =
        current.sourceInfo() == null
            ? JsonNodeFactory.instance.objectNode()
            : current.sourceInfo().deepCopy();
    sourceInfo.put("updatedBy", ctx.tenant().caller().actor());
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
        .call(saved -> afterWrite(tx, ctx, saved))
        .call(saved -> recordConsents(tx, ctx, current, saved));
  }

  /**
   * The consent-log entries of a write (PUT, PATCH, the merge of a create, item edits), in its
   * transaction: one per consent value that differs between the locked row and the written one; no
   * statement when the consents did not change.
   */
  private Uni<Void> recordConsents(SqlClient tx, Context ctx, Customer before, Customer after) {
    JsonNode was = before.document().get("consents");
    JsonNode is = after.document().get("consents");
    if (!consents.changes(was, is)) {
      return Uni.createFrom().voidItem();
    }
    return consents.recordChanges(tx, List.of(consentWrite(ctx, after, was, is)));
  }

  /** Identifiers, change log and identity maintenance, in the write transaction. */
  private Uni<Void> afterWrite(SqlClient tx, Context ctx, Customer c) {
    CustomerIdentifiers ids =
        CustomerIdentifiers.of(c.externalId(), c.document(), ctx.phoneRegion());
    return repository
        .replaceIdentifiers(tx, c, ids)
        .chain(() -> changeLog.append(tx, change(c, Operation.UPDATE, CustomerJson.render(c))))
        .chain(() -> resolveIdentity(tx, ctx, c));
  }

  private static Change change(Customer c, Operation operation, ObjectNode data) {
    return new Change(c.workspaceId(), c.nodeId(), Entity.CUSTOMER, c.id(), operation, data);
  }

  private Uni<Void> resolveIdentity(SqlClient tx, Context ctx, Customer c) {
    return identity.entryCustomerWritten(
        tx,
        ctx.aggregates(),
        new EntryCustomer(
            c.workspaceId(),
            c.nodeId(),
            c.id(),
            CustomerJson.render(c),
            c.registeredAt(),
            c.updatedAt()));
  }

  // ----------------------------------------------------------------------------- delete/forget

  /** Deletes the customer and answers it as it was. */
  public Uni<Customer> delete(Tenant tenant, UUID id) {
    return remove(tenant, id, null);
  }

  /**
   * F1: removes the customer, its events and its derived data, and logs a FORCED_DELETE consent
   * row. DPO and ADMIN only.
   */
  public Uni<Void> forget(Tenant tenant, UUID id) {
    tenant.requireRole(Roles.DPO, Roles.ADMIN);
    return remove(tenant, id, (tx, c) -> forgetData(tx, tenant, c))
        .invoke(c -> Log.infof("customer %s of workspace %s forgotten", c.id(), c.workspaceId()))
        .replaceWithVoid();
  }

  /**
   * The customer's personal data leaves the change log first (its rows and its events' rows keep
   * their place with null data), then its events go and the FORCED_DELETE consent-log entry is
   * appended. The customer's earlier consent-log entries stay: they hold ids and consent values
   * only.
   */
  private Uni<Void> forgetData(SqlClient tx, Tenant tenant, Customer c) {
    return changeLog
        .redact(tx, c.workspaceId(), c.id())
        .chain(() -> events.deleteAll(tx, c.workspaceId(), c.id()))
        .chain(
            () ->
                consents.recordForget(
                    tx,
                    c.workspaceId(),
                    new CustomerConsentLog.Subject(c.id(), c.nodeId()),
                    tenant.caller()));
  }

  private Uni<Customer> remove(
      Tenant tenant, UUID id, BiFunction<SqlClient, Customer, Uni<Void>> before) {
    return findWritable(tenant, id)
        .chain(c -> identity.prepare(c.nodeId(), phoneRegion(tenant.workspace())))
        .chain(
            aggregates ->
                Db.transaction(
                    pool, tx -> removeLocked(tx, tenant.workspaceId(), aggregates, id, before)));
  }

  private Uni<Customer> removeLocked(
      SqlClient tx,
      UUID ws,
      IdentityService.Aggregates aggregates,
      UUID id,
      BiFunction<SqlClient, Customer, Uni<Void>> before) {
    return repository
        .findForUpdate(tx, ws, id)
        .map(CustomerService::existing)
        .call(c -> before == null ? Uni.createFrom().voidItem() : before.apply(tx, c))
        .call(c -> identity.entryCustomerDeleted(tx, aggregates, ws, c.id()))
        .chain(c -> repository.delete(tx, ws, id))
        .call(deleted -> changeLog.append(tx, change(deleted, Operation.DELETE, null)));
  }

  private static Customer existing(Customer c) {
    if (c == null) {
      throw ApiException.notFound("Customer");
    }
    return c;
  }

  /** A customer the caller may write; 404 when there is none. */
  private Uni<Customer> findWritable(Tenant tenant, UUID id) {
    return repository
        .find(tenant.workspaceId(), id)
        .map(CustomerService::existing)
        .invoke(c -> tenant.requireWrite(c.nodeId()));
  }

  // ----------------------------------------------------------------------------------- sessions

  private TxStep<Void> sessionStep(String sessionId) {
    return sessionId == null ? null : (tx, c) -> bindSession(tx, c, sessionId);
  }

  private Uni<Void> bindSession(SqlClient tx, Customer c, String sessionId) {
    return sessionId == null
        ? Uni.createFrom().voidItem()
        : sessions.bind(tx, c, sessionId, "sessionId");
  }

  // ------------------------------------------------------------------------------------ helpers

  /** The configuration a write needs, loaded before its transaction (issue 13, fault 1). */
  private Uni<Context> context(Tenant tenant, Node node) {
    String region = phoneRegion(tenant.workspace());
    return identity
        .prepare(node.id(), region)
        .map(aggregates -> new Context(tenant, node, aggregates, region));
  }

  /**
   * The region phone numbers without {@code +} are read in: the workspace setting {@link
   * WorkspaceSettings#DEFAULT_PHONE_REGION}, else {@code
   * customer360.identity.default-phone-region}.
   */
  String phoneRegion(Workspace ws) {
    return CustomerIdentifiers.region(ws, defaultPhoneRegion);
  }

  static UUID nodeIdOf(JsonNode body) {
    JsonNode n = body.get("nodeId");
    if (n == null || n.isNull()) {
      throw ApiException.badRequest("nodeId", "is required");
    }
    return Ids.uuid("nodeId", n.asText());
  }

  /**
   * nodeId is immutable: a request that names another node is refused rather than ignored; answers
   * the current writable document.
   */
  private static ObjectNode sameNode(ObjectNode body, Customer current) {
    if (body.hasNonNull("nodeId") && !nodeIdOf(body).equals(current.nodeId())) {
      throw ApiException.badRequest("nodeId", "is immutable and must equal the customer's node");
    }
    return current.writable();
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
