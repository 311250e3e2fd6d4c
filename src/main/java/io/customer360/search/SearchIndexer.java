package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Customer360Config;
import io.customer360.customer.Customer;
import io.customer360.customer.CustomerRepository;
import io.customer360.identity.IdentityService;
import io.customer360.identity.IdentityService.IndexedUnified;
import io.customer360.search.IndexerRepository.ChangeRow;
import io.customer360.search.IndexerRepository.ReindexRow;
import io.customer360.search.SearchDocuments.Activity;
import io.customer360.search.SearchDocuments.EventRow;
import io.customer360.search.SearchIndices.Generation;
import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLogHorizon;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The search indexer: feeds Elasticsearch from the change log (DESIGN §3, §6; issue 7, item 1).
 *
 * <p><b>One active in any number of replicas.</b> Every replica runs the worker; each holds a
 * dedicated PostgreSQL connection (not pooled: pooled connections are closed when idle) and tries a
 * session advisory lock on it every {@code lease-interval}. The holder leads; its connection is the
 * lease: a keep-alive query on it every {@code lease-interval} notices a lost connection, and the
 * position is stored through it, so a replica that lost its lease can never move the position. When
 * the leader dies, PostgreSQL releases the lock with its session and another replica takes over
 * within about a second (seconds when the network, not the process, died).
 *
 * <p><b>Gap-free, exactly once.</b> The leader reads {@code change_log} rows after its position up
 * to the change-log horizon (stream/ChangeLogHorizon, every row at or below it is final) in offset
 * order, in batches of {@code batch-size}; it dedupes the entity ids, loads the current rows in a
 * few set-based queries (entry customers; unified customers, also those that contain a changed
 * entry customer; events), and sends one {@code _bulk}: an index operation per row that exists
 * (version_type external_gte, routing by workspace), a delete per id that no longer exists. Then it
 * stores the new position. Indexing the current row makes a replay harmless: after a crash between
 * the bulk and the store, the batch is simply sent again.
 *
 * <p><b>Wake-ups.</b> The lease connection LISTENs on {@code change_log}; before it sleeps the
 * worker arms the wake-up (change_log_wakeup), and the first writing statement after that sends a
 * NOTIFY (at its commit, by the V12 trigger), which advances the horizon at once and, for a short
 * while after, on every short wait, until the commit is below the horizon. Without notifications it
 * wakes every {@code poll-interval}.
 *
 * <p><b>Elasticsearch down.</b> Writes never call Elasticsearch. A failed bulk is retried with
 * exponential back-off (from {@code backoff-initial} to {@code backoff-max}); the position does not
 * move. Item failures other than version conflicts count as failures and are logged once per batch
 * with their reason; items refused as overload (429, 5xx) retry the whole bulk.
 *
 * <p><b>Reindex.</b> The leader runs reindex requests (search_reindex) page by page between its
 * batches: new concrete indices (refresh off) filled from keyset-paged reads of PostgreSQL, then
 * refresh on, an atomic alias swap and the old indices dropped; the position goes back to where it
 * was when the reindex began, so the changes made meanwhile are applied again to the new indices
 * (deletes included). A leader that finds the live customer index built from an older mapping
 * ({@link SearchMappings#VERSION}) requests a reindex itself.
 *
 * <p><b>Activity.</b> Customer documents carry the summary of their events ({@link
 * SearchDocuments.Activity}), computed per batch or reindex page in one statement over the entry
 * customers and the members of the unified customers written; an event change writes its customer
 * and the unified customers holding it again in the same batch. Their version is unchanged, and
 * {@code external_gte} lets an equal version overwrite, so the new summary replaces the old.
 */
@ApplicationScoped
public class SearchIndexer {

  private static final String CUSTOMERS = Entity.CUSTOMER.name();
  private static final String UNIFIED = Entity.UNIFIED_CUSTOMER.name();
  private static final String EVENTS = Entity.EVENT.name();

  /** The lease: a session advisory lock keyed by the index prefix. */
  private static final String TRY_LOCK =
      "select pg_try_advisory_lock(hashtextextended('customer360.search.indexer:' || $1, 0))"
          + " as locked";

  private static final Duration DB_WAIT = Duration.ofSeconds(10);

  /** How long after a NOTIFY the horizon is pushed on every short wait. */
  private static final long EAGER_MILLIS = 400;

  private static final long EAGER_WAIT_MILLIS = 15;

  private final Vertx vertx;
  private final ChangeLogHorizon horizon;
  private final SearchIndices indices;
  private final Elastic elastic;
  private final IndexerRepository repository;
  private final CustomerRepository customers;
  private final IdentityService identity;
  private final WorkspaceService workspaces;
  private final Customer360Config.Search settings;
  private final Counter indexed;
  private final Counter deleted;
  private final Counter failures;

  private final Semaphore wake = new Semaphore(0);
  private final Object lifecycle = new Object();
  private volatile boolean running;
  private volatile boolean leading;
  private volatile boolean elasticsearchUp = true;
  private final AtomicLong position = new AtomicLong(-1);
  private Thread worker;

  /** A reindex in progress (leader thread only). */
  private Rebuild rebuild;

  private long nextReindexCheck;

  SearchIndexer(
      Vertx vertx,
      ChangeLogHorizon horizon,
      SearchIndices indices,
      Elastic elastic,
      IndexerRepository repository,
      CustomerRepository customers,
      IdentityService identity,
      WorkspaceService workspaces,
      Customer360Config config,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.horizon = horizon;
    this.indices = indices;
    this.elastic = elastic;
    this.repository = repository;
    this.customers = customers;
    this.identity = identity;
    this.workspaces = workspaces;
    this.settings = config.search();
    this.indexed =
        Counter.builder("customer360.search.indexer.documents")
            .description("Documents the indexer wrote to Elasticsearch")
            .tag("operation", "index")
            .register(registry);
    this.deleted =
        Counter.builder("customer360.search.indexer.documents")
            .description("Documents the indexer wrote to Elasticsearch")
            .tag("operation", "delete")
            .register(registry);
    this.failures =
        Counter.builder("customer360.search.indexer.failures")
            .description(
                "Failed Elasticsearch bulk requests (retried) and refused documents (skipped)")
            .register(registry);
  }

  void onStart(@Observes StartupEvent event) {
    resume();
  }

  void onStop(@Observes ShutdownEvent event) {
    pause();
  }

  // ------------------------------------------------------------------------------- operations

  /**
   * Stops this replica's indexer and gives up its lease (another replica may take over); returns
   * once the worker has stopped. The position stays in PostgreSQL.
   */
  public void pause() {
    Thread t;
    synchronized (lifecycle) {
      running = false;
      t = worker;
      worker = null;
      lifecycle.notifyAll();
    }
    if (t != null) {
      wake.release();
      try {
        t.join(TimeUnit.SECONDS.toMillis(40));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts this replica's indexer (again): it competes for the lease and, once leading, goes on
   * from the position stored in PostgreSQL.
   */
  public void resume() {
    synchronized (lifecycle) {
      if (worker != null) {
        return;
      }
      running = true;
      worker = new Thread(this::run, "search-indexer");
      worker.setDaemon(true);
      worker.start();
    }
  }

  /** Whether this replica holds the lease now. */
  public boolean leading() {
    return leading;
  }

  /** Whether the last Elasticsearch call of this replica's indexer worked. */
  boolean elasticsearchUp() {
    return elasticsearchUp;
  }

  // ------------------------------------------------------------------------------- the lease

  private void run() {
    long backoff = settings.backoffInitial().toMillis();
    while (running) {
      PgConnection lease = null;
      try {
        lease = connect();
        backoff = settings.backoffInitial().toMillis();
        while (running) {
          if (tryLock(lease)) {
            lead(lease);
            break;
          }
          pauseFor(settings.leaseInterval().toMillis());
        }
      } catch (Exception e) {
        if (running) {
          Log.warnf("search indexer: lease lost or unavailable (%s); retrying", describe(e));
          pauseFor(backoff);
          backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
        }
      } finally {
        leading = false;
        rebuild = null;
        close(lease);
      }
    }
  }

  private PgConnection connect() {
    var config = ConfigProvider.getConfig();
    PgConnectOptions options =
        PgConnectOptions.fromUri(
            config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0]);
    config
        .getOptionalValue("quarkus.datasource.username", String.class)
        .ifPresent(options::setUser);
    config
        .getOptionalValue("quarkus.datasource.password", String.class)
        .ifPresent(options::setPassword);
    options.setConnectTimeout((int) DB_WAIT.toMillis());
    options.setIdleTimeout(0);
    Map<String, String> properties = new HashMap<>(options.getProperties());
    properties.put("application_name", "customer360-search-indexer");
    properties.put("statement_timeout", "4s");
    options.setProperties(properties);
    PgConnection connection = PgConnection.connect(vertx, options).await().atMost(DB_WAIT);
    connection.notificationHandler(n -> wake.release());
    return connection;
  }

  private boolean tryLock(PgConnection lease) {
    return lease
        .preparedQuery(TRY_LOCK)
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(indices.prefix()))
        .await()
        .atMost(DB_WAIT)
        .iterator()
        .next()
        .getBoolean("locked");
  }

  private static void close(PgConnection lease) {
    if (lease != null) {
      try {
        lease.close().await().atMost(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        Log.debugf("search indexer: closing the lease connection: %s", e.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------------------- leading

  private void lead(PgConnection lease) {
    lease.query("LISTEN change_log").execute().await().atMost(DB_WAIT);
    leading = true;
    Long stored = repository.position(lease, indices.prefix()).await().atMost(DB_WAIT);
    if (stored == null) {
      Log.infof(
          "search indexer: no stored position for prefix %s: rebuilding its indices from offset 0",
          indices.prefix());
      withElasticsearch(() -> indices.recreate());
      repository.initPosition(lease, indices.prefix()).await().atMost(DB_WAIT);
      position.set(0);
    } else {
      withElasticsearch(() -> indices.ensure());
      withElasticsearch(this::rebuildWhenOutdated);
      position.set(stored);
    }
    Log.infof("search indexer: leading from offset %d", position.get());
    nextReindexCheck = 0;
    long lastKeepAlive = System.currentTimeMillis();
    long eagerUntil = 0;
    boolean armed = false;
    long backoff = settings.backoffInitial().toMillis();
    horizon.advance().await().atMost(DB_WAIT);
    while (running) {
      try {
        reindexStep(lease);
        long safe = horizon.safeOffset();
        if (safe > position.get()) {
          indexUpTo(lease, safe);
          backoff = settings.backoffInitial().toMillis();
          continue;
        }
        long now = System.currentTimeMillis();
        boolean eager = now < eagerUntil;
        if (!eager && !armed && rebuild == null) {
          arm(lease);
          armed = true;
          horizon.advance().await().atMost(DB_WAIT);
          continue; // a commit between the last look and the arming sent no notification
        }
        boolean notified =
            rebuild != null
                || wake.tryAcquire(
                    eager ? EAGER_WAIT_MILLIS : settings.pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (!running) {
          break;
        }
        if (notified) {
          eagerUntil = System.currentTimeMillis() + EAGER_MILLIS;
          armed = false; // the notifying writer disarmed the wake-up
        }
        if (notified || eager) {
          horizon.advance().await().atMost(DB_WAIT);
        }
        if (System.currentTimeMillis() - lastKeepAlive >= settings.leaseInterval().toMillis()) {
          keepAlive(lease);
          lastKeepAlive = System.currentTimeMillis();
        }
        backoff = settings.backoffInitial().toMillis();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (LeaseLost e) {
        throw e;
      } catch (RuntimeException e) {
        Log.warnf("search indexer: %s; retrying", describe(e));
        keepAlive(lease);
        lastKeepAlive = System.currentTimeMillis();
        pauseFor(backoff);
        backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
      }
    }
  }

  /**
   * Requests a reindex when the live customer index was created from an older mapping (a new field
   * of the document contract, e.g. the activity summary): the rebuild creates indices from the
   * current mapping and writes every document anew. Until its swap, searches use the old index.
   */
  private Uni<Void> rebuildWhenOutdated() {
    return indices
        .outdated()
        .chain(
            old -> {
              if (!old) {
                return Uni.createFrom().voidItem();
              }
              Log.infof(
                  "search indexer: %s was built from an older mapping than version %d;"
                      + " requesting a reindex",
                  indices.customersAlias(), SearchMappings.VERSION);
              return repository.requestReindex(indices.prefix());
            });
  }

  /**
   * Arms the change-log wake-up before the worker sleeps: the next writing statement sends one
   * NOTIFY and disarms it (migration V12), so a busy system pays for one notification per idle
   * period instead of one per commit.
   */
  private void arm(PgConnection lease) {
    lease
        .query(
            "insert into change_log_wakeup (id, armed) values (1, true)"
                + " on conflict (id) do update set armed = true where not change_log_wakeup.armed")
        .execute()
        .await()
        .atMost(DB_WAIT);
  }

  /** Fails with LeaseLost when the lease connection no longer answers. */
  private void keepAlive(PgConnection lease) {
    try {
      lease.query("select 1").execute().await().atMost(DB_WAIT);
    } catch (RuntimeException e) {
      throw new LeaseLost(e);
    }
  }

  /** The lease connection failed: leadership ends; the worker reconnects and competes again. */
  private static final class LeaseLost extends RuntimeException {
    LeaseLost(Throwable cause) {
      super("the lease connection failed: " + describe(cause), cause);
    }
  }

  /**
   * The changes after the position up to {@code safe}, batch by batch: each batch indexed, then its
   * position stored. While one batch's bulk is in Elasticsearch, the next batch is read and built
   * from PostgreSQL on a worker thread (positions are still stored strictly in order).
   */
  private void indexUpTo(PgConnection lease, long safe) {
    Batch batch = prepare(position.get(), safe);
    while (true) {
      long after = batch.next();
      CompletableFuture<Batch> following =
          batch.more()
              ? CompletableFuture.supplyAsync(
                  () -> prepare(after, safe), Infrastructure.getDefaultWorkerPool())
              : null;
      if (batch.bulk() != null) {
        send(batch.bulk(), lease);
      }
      try {
        repository.storePosition(lease, indices.prefix(), after).await().atMost(DB_WAIT);
      } catch (RuntimeException e) {
        throw new LeaseLost(e);
      }
      position.set(after);
      if (following == null || !running) {
        return;
      }
      try {
        batch = following.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  /** A batch read and built: its bulk (null when empty), the position after it, more to come. */
  private record Batch(Bulk bulk, long next, boolean more) {}

  private Batch prepare(long from, long safe) {
    List<ChangeRow> rows =
        repository.changes(from, safe, settings.batchSize()).await().atMost(DB_WAIT);
    boolean full = rows.size() >= settings.batchSize();
    long next = full ? rows.get(rows.size() - 1).offset() : safe;
    return new Batch(rows.isEmpty() ? null : changesBulk(rows), next, full);
  }

  /**
   * The bulk request for a batch of change-log rows: current rows indexed, missing ones deleted. An
   * event change also indexes its customer and the unified customers holding it again (their
   * activity summary changed); the customer of a deleted event is read from its document in the
   * event index (one {@code _mget}, only when the batch deletes events). The activity summaries of
   * the batch's entry customers and of every member of its unified customers come from one
   * statement.
   */
  private Bulk changesBulk(List<ChangeRow> rows) {
    Map<UUID, UUID> customerIds = new LinkedHashMap<>();
    Map<UUID, UUID> unifiedIds = new LinkedHashMap<>();
    Map<UUID, UUID> eventIds = new LinkedHashMap<>();
    for (ChangeRow r : rows) {
      Map<UUID, UUID> target =
          r.entity().equals(CUSTOMERS)
              ? customerIds
              : r.entity().equals(UNIFIED)
                  ? unifiedIds
                  : r.entity().equals(EVENTS) ? eventIds : null;
      if (target != null) {
        target.put(r.entityId(), r.workspaceId());
      }
    }
    List<EventRow> foundEvents =
        repository.events(new ArrayList<>(eventIds.keySet())).await().atMost(DB_WAIT);
    foundEvents.forEach(e -> eventIds.remove(e.id()));
    for (EventRow e : foundEvents) {
      if (e.customerId() != null) {
        customerIds.putIfAbsent(e.customerId(), e.workspaceId());
      }
    }
    customersOfDeletedEvents(eventIds).forEach(customerIds::putIfAbsent);

    List<UUID> customerList = new ArrayList<>(customerIds.keySet());
    List<Customer> foundCustomers = customers.findForIndex(customerList).await().atMost(DB_WAIT);
    Set<UUID> unifiedToLoad = new LinkedHashSet<>(unifiedIds.keySet());
    unifiedToLoad.addAll(identity.unifiedIdsContaining(customerList).await().atMost(DB_WAIT));
    List<IndexedUnified> foundUnified =
        identity.findForIndex(new ArrayList<>(unifiedToLoad)).await().atMost(DB_WAIT);
    Map<UUID, Activity> activity = activity(foundCustomers, foundUnified);

    Bulk bulk = new Bulk();
    Map<UUID, JsonNode> schemas = new HashMap<>();
    addCustomers(bulk, indices.customersAlias(), foundCustomers, schemas, activity);
    addUnified(bulk, indices.customersAlias(), foundUnified, schemas, activity);
    addEvents(bulk, indices.eventsAlias(), foundEvents);
    foundCustomers.forEach(c -> customerIds.remove(c.id()));
    foundUnified.forEach(u -> unifiedIds.remove(u.customer().id()));
    customerIds.forEach((id, ws) -> bulk.delete(indices.customersAlias(), id.toString(), ws));
    unifiedIds.forEach((id, ws) -> bulk.delete(indices.customersAlias(), id.toString(), ws));
    eventIds.forEach((id, ws) -> bulk.delete(indices.eventsAlias(), id.toString(), ws));
    return bulk;
  }

  /**
   * The activity summaries of these entry customers and of every member of these unified customers
   * (one statement), by entry customer id.
   */
  private Map<UUID, Activity> activity(List<Customer> entries, List<IndexedUnified> unified) {
    Set<UUID> ids = new LinkedHashSet<>();
    entries.forEach(c -> ids.add(c.id()));
    unified.forEach(u -> ids.addAll(u.memberIds()));
    return repository.activity(ids).await().atMost(DB_WAIT);
  }

  /**
   * The customers (id → workspace) of deleted events, read from the events' documents (the event's
   * row is gone, and its change-log row carries no data). Events never indexed are skipped: their
   * customer's summary never counted them.
   */
  private Map<UUID, UUID> customersOfDeletedEvents(Map<UUID, UUID> events) {
    if (events.isEmpty()) {
      return Map.of();
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode docs = body.putArray("docs");
    events.forEach(
        (id, ws) -> docs.addObject().put("_id", id.toString()).put("routing", ws.toString()));
    Elastic.Answer answer =
        elastic
            .send(
                "POST",
                "/" + indices.eventsAlias() + "/_mget",
                body.toString(),
                Map.of("_source", "workspaceId,customerId"))
            .await()
            .atMost(DB_WAIT);
    if (!answer.ok()) {
      if (answer.status() == 404) {
        return Map.of(); // no event index yet: nothing was indexed
      }
      throw SearchIndices.failure("read the customers of deleted events", answer);
    }
    Map<UUID, UUID> out = new LinkedHashMap<>();
    for (JsonNode doc : answer.body().path("docs")) {
      JsonNode source = doc.path("_source");
      String customer = source.path("customerId").asText(null);
      String ws = source.path("workspaceId").asText(null);
      if (doc.path("found").asBoolean(false) && customer != null && ws != null) {
        out.put(UUID.fromString(customer), UUID.fromString(ws));
      }
    }
    return out;
  }

  private void addCustomers(
      Bulk bulk,
      String index,
      List<Customer> rows,
      Map<UUID, JsonNode> schemas,
      Map<UUID, Activity> activity) {
    for (Customer c : rows) {
      bulk.index(
          index,
          c.id().toString(),
          c.workspaceId(),
          c.version(),
          SearchDocuments.entry(
              c, schema(c.workspaceId(), schemas), activity.getOrDefault(c.id(), Activity.NONE)));
    }
  }

  private void addUnified(
      Bulk bulk,
      String index,
      List<IndexedUnified> rows,
      Map<UUID, JsonNode> schemas,
      Map<UUID, Activity> activity) {
    for (IndexedUnified u : rows) {
      long version = SearchDocuments.micros(u.stamp());
      UUID ws = u.customer().workspaceId();
      bulk.index(
          index,
          u.customer().id().toString(),
          ws,
          version,
          SearchDocuments.unified(
              u.customer(),
              u.memberIds(),
              version,
              schema(ws, schemas),
              Activity.of(u.memberIds(), activity)));
    }
  }

  private static void addEvents(Bulk bulk, String index, List<EventRow> rows) {
    for (EventRow e : rows) {
      bulk.index(index, e.id().toString(), e.workspaceId(), e.version(), SearchDocuments.event(e));
    }
  }

  /** The workspace's customer extended-properties schema (cached by the workspace feature). */
  private JsonNode schema(UUID workspaceId, Map<UUID, JsonNode> schemas) {
    return schemas.computeIfAbsent(
        workspaceId,
        ws -> {
          try {
            Workspace w = workspaces.find(ws).await().atMost(DB_WAIT);
            return w.setting(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES);
          } catch (RuntimeException e) {
            return MissingNode.getInstance();
          }
        });
  }

  // ------------------------------------------------------------------------------- Elasticsearch

  /**
   * Sends a bulk until Elasticsearch takes it: transport failures, error answers and overloaded
   * items are retried with back-off (checking the lease meanwhile); refused items are counted and
   * logged once.
   */
  private void send(Bulk bulk, PgConnection lease) {
    if (bulk.size() == 0) {
      return;
    }
    String body = bulk.body();
    long backoff = settings.backoffInitial().toMillis();
    while (true) {
      String problem;
      try {
        Elastic.Answer answer =
            elastic.send("POST", "/_bulk", body).await().atMost(DB_WAIT.multipliedBy(6));
        if (answer.ok()) {
          Bulk.Outcome outcome = Bulk.read(answer.body());
          if (!outcome.retry()) {
            recovered();
            indexed.increment(bulk.indexes());
            deleted.increment(bulk.deletes());
            if (outcome.failed() > 0) {
              failures.increment(outcome.failed());
              Log.warnf(
                  "search indexer: Elasticsearch refused %d of %d documents, e.g. %s",
                  outcome.failed(), bulk.size(), outcome.firstReason());
            }
            return;
          }
          problem = "items refused for now: " + outcome.firstReason();
        } else {
          problem = answer.reason();
        }
      } catch (RuntimeException e) {
        problem = describe(e);
      }
      failures.increment();
      if (elasticsearchUp) {
        Log.warnf(
            "search indexer: Elasticsearch bulk failed (%s); retrying with back-off, position %d"
                + " kept",
            problem, position.get());
      }
      elasticsearchUp = false;
      if (!running) {
        throw new LeaseLost(new IllegalStateException("stopped"));
      }
      pauseFor(backoff);
      backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
      keepAlive(lease);
    }
  }

  private void recovered() {
    if (!elasticsearchUp) {
      Log.info("search indexer: Elasticsearch answers again");
    }
    elasticsearchUp = true;
  }

  /** Runs an index-management call until it works (Elasticsearch may be down at start). */
  private void withElasticsearch(java.util.function.Supplier<Uni<Void>> call) {
    long backoff = settings.backoffInitial().toMillis();
    while (true) {
      try {
        call.get().await().atMost(DB_WAIT.multipliedBy(6));
        recovered();
        return;
      } catch (RuntimeException e) {
        failures.increment();
        if (elasticsearchUp) {
          Log.warnf("search indexer: Elasticsearch unavailable (%s); retrying", describe(e));
        }
        elasticsearchUp = false;
        if (!running) {
          throw new LeaseLost(e);
        }
        pauseFor(backoff);
        backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
      }
    }
  }

  // ------------------------------------------------------------------------------- reindex

  /** A rebuild in progress: its request, new indices, phase and keyset cursor. */
  private static final class Rebuild {
    final long id;
    final long startPosition;
    final Generation generation;
    String phase = CUSTOMERS;
    UUID cursor;
    long done;

    /** The previous page's bulk, sent while this page is read. */
    java.util.concurrent.CompletableFuture<Elastic.Answer> inFlight;

    Bulk inFlightBulk;

    Rebuild(long id, long startPosition, Generation generation) {
      this.id = id;
      this.startPosition = startPosition;
      this.generation = generation;
    }
  }

  /** Starts a requested reindex, or writes its next page, or finishes it. */
  private void reindexStep(PgConnection lease) {
    if (rebuild == null) {
      long now = System.currentTimeMillis();
      if (now < nextReindexCheck) {
        return;
      }
      nextReindexCheck = now + settings.leaseInterval().toMillis();
      ReindexRow request = repository.activeReindex(indices.prefix()).await().atMost(DB_WAIT);
      if (request != null) {
        startRebuild(request);
      }
      return;
    }
    int size = settings.reindexBatchSize();
    Rebuild r = rebuild;
    Bulk bulk = new Bulk();
    Map<UUID, JsonNode> schemas = new HashMap<>();
    int read;
    UUID last;
    switch (r.phase) {
      case "CUSTOMER" -> {
        List<Customer> page = customers.pageForIndex(r.cursor, size).await().atMost(DB_WAIT);
        addCustomers(bulk, r.generation.customers(), page, schemas, activity(page, List.of()));
        read = page.size();
        last = read == 0 ? null : page.get(read - 1).id();
      }
      case "UNIFIED_CUSTOMER" -> {
        List<IndexedUnified> page = identity.pageForIndex(r.cursor, size).await().atMost(DB_WAIT);
        addUnified(bulk, r.generation.customers(), page, schemas, activity(List.of(), page));
        read = page.size();
        last = read == 0 ? null : page.get(read - 1).customer().id();
      }
      default -> {
        List<EventRow> page = repository.eventsPage(r.cursor, size).await().atMost(DB_WAIT);
        addEvents(bulk, r.generation.events(), page);
        read = page.size();
        last = read == 0 ? null : page.get(read - 1).id();
      }
    }
    settle(r, lease);
    if (bulk.size() > 0) {
      r.inFlight = elastic.send("POST", "/_bulk", bulk.body()).subscribeAsCompletionStage();
      r.inFlightBulk = bulk;
    }
    r.done += read;
    r.cursor = last;
    if (read < size) {
      r.cursor = null;
      r.phase =
          switch (r.phase) {
            case "CUSTOMER" -> UNIFIED;
            case "UNIFIED_CUSTOMER" -> EVENTS;
            default -> "SWAP";
          };
    }
    repository.reindexProgress(r.id, r.done).await().atMost(DB_WAIT);
    if (r.phase.equals("SWAP")) {
      settle(r, lease);
      finishRebuild(lease, r);
    }
  }

  /**
   * Waits for the rebuild's bulk in flight (sent while the next page was read from PostgreSQL);
   * when it failed, sends it again the ordinary way (back-off until Elasticsearch takes it).
   */
  private void settle(Rebuild r, PgConnection lease) {
    if (r.inFlight == null) {
      return;
    }
    Bulk bulk = r.inFlightBulk;
    java.util.concurrent.CompletableFuture<Elastic.Answer> pending = r.inFlight;
    r.inFlight = null;
    r.inFlightBulk = null;
    try {
      Elastic.Answer answer =
          pending.get(DB_WAIT.multipliedBy(6).toMillis(), TimeUnit.MILLISECONDS);
      if (answer.ok()) {
        Bulk.Outcome outcome = Bulk.read(answer.body());
        if (!outcome.retry()) {
          recovered();
          indexed.increment(bulk.indexes());
          if (outcome.failed() > 0) {
            failures.increment(outcome.failed());
            Log.warnf(
                "search indexer: reindex: Elasticsearch refused %d of %d documents, e.g. %s",
                outcome.failed(), bulk.size(), outcome.firstReason());
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Log.debugf("search indexer: reindex bulk failed, sending it again: %s", describe(e));
    }
    send(bulk, lease);
  }

  private void startRebuild(ReindexRow request) {
    List<String> concrete = indices.concrete().await().atMost(DB_WAIT);
    Set<String> live = indices.aliased().await().atMost(DB_WAIT);
    List<String> leftovers = concrete.stream().filter(i -> !live.contains(i)).toList();
    indices.delete(leftovers).await().atMost(DB_WAIT);
    Generation g = indices.create(true).await().atMost(DB_WAIT);
    long total = repository.countAll().await().atMost(DB_WAIT);
    repository.startReindex(request.id(), total).await().atMost(DB_WAIT);
    rebuild = new Rebuild(request.id(), position.get(), g);
    Log.infof(
        "search indexer: reindex %d started into %s and %s (%d documents), from offset %d",
        request.id(), g.customers(), g.events(), total, position.get());
  }

  private void finishRebuild(PgConnection lease, Rebuild r) {
    indices.finish(r.generation).await().atMost(DB_WAIT.multipliedBy(6));
    indices.swap(r.generation).await().atMost(DB_WAIT.multipliedBy(6));
    long back = Math.min(position.get(), r.startPosition);
    try {
      repository.storePosition(lease, indices.prefix(), back).await().atMost(DB_WAIT);
    } catch (RuntimeException e) {
      throw new LeaseLost(e);
    }
    position.set(back);
    repository.endReindex(r.id, "DONE", null).await().atMost(DB_WAIT);
    rebuild = null;
    Log.infof(
        "search indexer: reindex %d done (%d documents); aliases now on %s and %s; catching up"
            + " from offset %d",
        r.id, r.done, r.generation.customers(), r.generation.events(), back);
  }

  // ------------------------------------------------------------------------------- helpers

  /** Waits up to {@code millis}, returning early when paused. */
  private void pauseFor(long millis) {
    long until = System.currentTimeMillis() + millis;
    synchronized (lifecycle) {
      long left;
      while (running && (left = until - System.currentTimeMillis()) > 0) {
        try {
          lifecycle.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
  }
}
