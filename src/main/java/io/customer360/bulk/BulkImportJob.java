package io.customer360.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.customer.CustomerService;
import io.customer360.customer.CustomerService.BatchOutcome;
import io.customer360.event.EventIngestService;
import io.customer360.event.EventIngestService.ItemOutcome;
import io.customer360.event.EventSchemas;
import io.customer360.event.EventService;
import io.customer360.event.EventType;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.WorkspaceService;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bulk worker: every {@code customer360.bulk.poll-interval} each replica claims the oldest
 * runnable job ({@code FOR UPDATE SKIP LOCKED}, with a lease of {@code customer360.bulk.lease}) and
 * runs its chunks in order, LOADED → SCHEDULED → PROCESSING → PROCESSED.
 *
 * <p>A chunk is read first (no transaction), its rows converted ({@link BulkCsv}), what the write
 * needs loaded (caches and set-based reads), and only then one transaction writes it: the job row
 * locked while this worker still holds it at that chunk, the rows through the API's own batch paths
 * ({@link CustomerService#writeBatch} / {@link CustomerService#deleteBatch}: the create or merge of
 * CU2 with identity resolution, set-based; {@link EventIngestService#writePrepared}: the EV2 batch
 * ingest), the chunk's result lines, and the checkpoint (next chunk, counts, renewed lease). A
 * worker killed at any point leaves either the whole chunk or nothing of it; once the lease runs
 * out any replica resumes at the checkpoint, so no row is lost or applied twice. A STOPPED job, or
 * one another replica took over, is left at the next chunk.
 */
@ApplicationScoped
public class BulkImportJob {

  /** The worker's name in leases: unique per process. */
  private final String owner = "worker-" + UUID.randomUUID();

  private final Pool pool;
  private final BulkJobRepository repository;
  private final WorkspaceService workspaces;
  private final CustomerService customers;
  private final EventIngestService events;
  private final EventService storedEvents;
  private final BulkJobHooks hooks;
  private final BulkConfig config;

  BulkImportJob(
      Pool pool,
      BulkJobRepository repository,
      WorkspaceService workspaces,
      CustomerService customers,
      EventIngestService events,
      EventService storedEvents,
      BulkJobHooks hooks,
      BulkConfig config) {
    this.pool = pool;
    this.repository = repository;
    this.workspaces = workspaces;
    this.customers = customers;
    this.events = events;
    this.storedEvents = storedEvents;
    this.hooks = hooks;
    this.config = config;
  }

  /** The worker stopped inside a chunk as if killed (tests only, {@link BulkJobHooks}). */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash() {
      super("simulated crash", null, false, false);
    }
  }

  /** How a chunk ended. */
  private enum Step {
    NEXT,
    LEFT,
    CRASHED
  }

  @Scheduled(
      every = "${customer360.bulk.poll-interval:1s}",
      delayed = "${customer360.bulk.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    List<Uni<Void>> loops = new ArrayList<>();
    for (int i = 0; i < Math.max(1, config.concurrentJobs()); i++) {
      loops.add(loop());
    }
    return Uni.join().all(loops).andCollectFailures().replaceWithVoid();
  }

  /** Claims and runs jobs one after another until none is left to claim. */
  private Uni<Void> loop() {
    return Multi.createBy()
        .repeating()
        .uni(this::step)
        .whilst(worked -> worked)
        .collect()
        .last()
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.errorf(e, "bulk worker failed; retrying on the next run");
              return Uni.createFrom().voidItem();
            });
  }

  /** Claims one job and runs it as far as it goes; false when there was none to claim. */
  Uni<Boolean> step() {
    return repository
        .claim(owner, config.lease(), List.copyOf(hooks.pausedWorkspaces()))
        .chain(row -> row == null ? Uni.createFrom().item(false) : runJob(row).replaceWith(true));
  }

  /** What every chunk of a job needs: the job, its header and the tenant it writes as. */
  private record Run(BulkJobRepository.JobRow row, BulkCsv.Header header, Tenant tenant) {
    BulkJob job() {
      return row.job();
    }
  }

  private Uni<Void> runJob(BulkJobRepository.JobRow row) {
    BulkJob job = row.job();
    Log.infof(
        "bulk job %s of node %s: running, %d of %d chunks done",
        job.id(), job.nodeId(), row.chunksDone(), row.chunkCount());
    if (row.chunkCount() == 0) {
      return repository.finishEmpty(job.id(), owner);
    }
    return workspaces
        .find(job.workspaceId())
        .map(
            ws ->
                new Run(row, header(job, row.columns(), ws), BulkCallers.tenant(ws, row.caller())))
        .chain(
            run ->
                repository
                    .pending(job.id(), row.chunkCount())
                    .chain(pending -> chunks(run, pending)))
        .chain(failure -> failure == null ? Uni.createFrom().voidItem() : ended(job, failure))
        .onFailure()
        .recoverWithUni(e -> ended(job, e));
  }

  private Uni<Void> ended(BulkJob job, Throwable failure) {
    if (failure instanceof SimulatedCrash) {
      Log.warnf("bulk job %s: the worker stopped inside a chunk (simulated)", job.id());
      return Uni.createFrom().voidItem();
    }
    return chunkFailed(job, failure);
  }

  /** The stored header, resolved again (the schema may have gained properties meanwhile). */
  private static BulkCsv.Header header(
      BulkJob job, List<String> columns, io.customer360.workspace.Workspace ws) {
    try {
      return job.entity() == BulkJobEntity.CUSTOMER
          ? BulkCsv.customerHeader(columns, CustomerService.jsonSchema(ws), job.operation())
          : BulkCsv.eventHeader(
              columns, EventSchemas.properties(EventType.parse(job.eventType())), job.operation());
    } catch (BulkCsv.HeaderException e) {
      throw new IllegalStateException("Bad header: " + e.getMessage());
    }
  }

  /**
   * Runs the chunks without results, up to {@code customer360.bulk.chunks-in-flight} at a time
   * (rows may be processed out of file order, spec B2); after a chunk that failed, was left or
   * crashed no further chunk starts. Answers the first failure, or null.
   */
  private Uni<Throwable> chunks(Run run, List<Integer> pending) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean halt = new AtomicBoolean();
    return Multi.createFrom()
        .iterable(pending)
        .onItem()
        .transformToUni(
            seq ->
                halt.get()
                    ? Uni.createFrom().item(Step.LEFT)
                    : chunk(run, seq)
                        .onFailure()
                        .recoverWithItem(
                            e -> {
                              failure.compareAndSet(null, e);
                              return Step.CRASHED;
                            })
                        .invoke(
                            step -> {
                              if (step != Step.NEXT) {
                                halt.set(true);
                              }
                            }))
        .merge(Math.max(1, config.chunksInFlight()))
        .collect()
        .last()
        .map(done -> failure.get());
  }

  private Uni<Void> chunkFailed(BulkJob job, Throwable e) {
    Log.errorf(e, "bulk job %s: a chunk failed as a whole", job.id());
    String reason =
        "A chunk could not be processed " + config.maxAttempts() + " times: " + e.getMessage();
    return repository.chunkFailed(job.id(), owner, config.maxAttempts(), reason);
  }

  // --- one chunk ------------------------------------------------------------------------------

  /** A chunk's rows: the row numbers, the converted rows and the conversion errors. */
  private record Rows(List<Integer> numbers, List<BulkCsv.Row> rows) {}

  private Uni<Step> chunk(Run run, int seq) {
    return repository
        .chunk(run.job().id(), seq)
        .map(chunk -> rows(run.header(), chunk))
        .chain(rows -> write(run, seq, rows));
  }

  private static Rows rows(BulkCsv.Header header, BulkJobRepository.Chunk chunk) {
    List<Integer> numbers = new ArrayList<>(chunk.rowCount());
    List<BulkCsv.Row> rows = new ArrayList<>(chunk.rowCount());
    try (MappingIterator<String[]> records = BulkCsv.records(new StringReader(chunk.data()))) {
      int n = chunk.firstRow();
      while (records.hasNext()) {
        numbers.add(n++);
        rows.add(BulkCsv.toObject(header, records.next()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Rows(numbers, rows);
  }

  /** The rows that converted, as the API's request bodies, with their positions in the chunk. */
  private record Bodies(List<Integer> positions, List<ObjectNode> bodies) {}

  private static Bodies bodies(Rows rows, java.util.function.Function<ObjectNode, ObjectNode> map) {
    List<Integer> positions = new ArrayList<>();
    List<ObjectNode> bodies = new ArrayList<>();
    for (int i = 0; i < rows.rows().size(); i++) {
      if (rows.rows().get(i).ok()) {
        positions.add(i);
        bodies.add(map.apply(rows.rows().get(i).value()));
      }
    }
    return new Bodies(positions, bodies);
  }

  private Uni<Step> write(Run run, int seq, Rows rows) {
    BulkJob job = run.job();
    if (job.entity() == BulkJobEntity.CUSTOMER) {
      Bodies b = bodies(rows, r -> r);
      return customers
          .prepareBatch(run.tenant(), job.nodeId())
          .chain(
              target ->
                  transaction(
                      run,
                      seq,
                      rows,
                      b,
                      tx ->
                          (job.operation() == BulkJobOperation.DELETE
                                  ? customers.deleteBatch(tx, target, b.bodies())
                                  : customers.writeBatch(
                                      tx,
                                      target,
                                      b.bodies(),
                                      job.operation() == BulkJobOperation.INSERT))
                              .map(BulkImportJob::customerLines)));
    }
    if (job.operation() == BulkJobOperation.DELETE) {
      Bodies b = bodies(rows, r -> r);
      return transaction(run, seq, rows, b, tx -> deleteEvents(tx, job, b.bodies()));
    }
    Bodies b = bodies(rows, r -> eventBody(r, job));
    List<JsonNode> bodies = new ArrayList<>(b.bodies());
    List<Integer> sizes =
        b.bodies().stream().map(x -> x.toString().getBytes(StandardCharsets.UTF_8).length).toList();
    return events
        .prepareBatch(run.tenant(), bodies, sizes)
        .map(prepared -> prepared.onlyOfNode(job.nodeId()))
        .chain(
            prepared ->
                transaction(
                    run,
                    seq,
                    rows,
                    b,
                    tx -> events.writePrepared(tx, prepared).map(BulkImportJob::eventLines)));
  }

  /**
   * The events a DELETE chunk names by {@code id}: those of the job's type on the job's node go in
   * one statement ({@link EventService#deleteBatch}); any other id is a FAILED row.
   */
  private Uni<List<Line>> deleteEvents(SqlClient tx, BulkJob job, List<ObjectNode> rows) {
    UUID[] ids = new UUID[rows.size()];
    List<UUID> valid = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      try {
        ids[i] = UUID.fromString(rows.get(i).path("id").asText());
        valid.add(ids[i]);
      } catch (IllegalArgumentException e) {
        ids[i] = null;
      }
    }
    return storedEvents
        .deleteBatch(tx, job.workspaceId(), job.nodeId(), EventType.parse(job.eventType()), valid)
        .map(
            gone -> {
              List<Line> lines = new ArrayList<>(rows.size());
              java.util.Set<UUID> seen = new java.util.HashSet<>();
              for (UUID id : ids) {
                if (id == null) {
                  lines.add(
                      new Line("FAILED", null, List.of(new FieldError("id", "must be a UUID"))));
                } else if (gone.contains(id) && seen.add(id)) {
                  lines.add(new Line("DELETED", id, List.of()));
                } else {
                  lines.add(
                      new Line(
                          "FAILED",
                          null,
                          List.of(
                              new FieldError(
                                  "id", "no event of the job's type on the node has this id"))));
                }
              }
              return lines;
            });
  }

  /** A written row's outcome, its id and its errors. */
  private record Line(String outcome, UUID id, List<FieldError> errors) {
    boolean failed() {
      return "FAILED".equals(outcome);
    }
  }

  private static List<Line> customerLines(List<BatchOutcome> outcomes) {
    return outcomes.stream().map(o -> new Line(o.result().name(), o.id(), o.errors())).toList();
  }

  private static List<Line> eventLines(List<ItemOutcome> outcomes) {
    return outcomes.stream()
        .map(
            o ->
                o.accepted()
                    ? new Line("CREATED", o.id(), List.of())
                    : new Line("FAILED", null, o.rejection().errors()))
        .toList();
  }

  /** The chunk had results already, or the job is no longer this worker's or runnable. */
  static final class Left extends RuntimeException {
    Left() {
      super("chunk left", null, false, false);
    }
  }

  /**
   * The chunk's transaction: the writes, the hook, then the results and the checkpoint; rolled back
   * (and the chunk left) when its results exist already, or the job was stopped or taken over by
   * another replica meanwhile.
   */
  private Uni<Step> transaction(
      Run run,
      int seq,
      Rows rows,
      Bodies bodies,
      java.util.function.Function<SqlClient, Uni<List<Line>>> writes) {
    BulkJob job = run.job();
    long[] started = new long[1];
    return Db.transaction(
            pool,
            tx ->
                Uni.createFrom()
                    .voidItem()
                    .invoke(() -> started[0] = System.nanoTime())
                    .chain(() -> writes.apply(tx))
                    .invoke(
                        lines -> {
                          if (hooks.crashBeforeCheckpoint(job, seq)) {
                            throw new SimulatedCrash();
                          }
                        })
                    .chain(lines -> checkpoint(tx, run, seq, rows, bodies, lines)))
        .invoke(
            step -> {
              long ms = (System.nanoTime() - started[0]) / 1_000_000;
              Log.debugf(
                  "bulk job %s chunk %d: %d rows committed, transaction %d ms",
                  job.id(), seq, rows.rows().size(), ms);
              hooks.chunkCommitted(job, seq, rows.rows().size(), ms);
            })
        .onFailure(Left.class)
        .recoverWithItem(Step.LEFT);
  }

  private Uni<Step> checkpoint(
      SqlClient tx, Run run, int seq, Rows rows, Bodies bodies, List<Line> written) {
    Line[] lines = new Line[rows.rows().size()];
    for (int i = 0; i < lines.length; i++) {
      BulkCsv.Row r = rows.rows().get(i);
      if (!r.ok()) {
        lines[i] = new Line("FAILED", null, r.errors());
      }
    }
    for (int k = 0; k < written.size(); k++) {
      lines[bodies.positions().get(k)] = written.get(k);
    }
    List<String[]> out = new ArrayList<>(lines.length);
    int failed = 0;
    for (int i = 0; i < lines.length; i++) {
      Line l = lines[i];
      failed += l.failed() ? 1 : 0;
      out.add(BulkCsv.result(rows.numbers().get(i), l.outcome(), l.id(), l.errors()));
    }
    return BulkJobRepository.checkpoint(
            tx,
            run.job().id(),
            owner,
            seq,
            BulkCsv.text(out),
            lines.length - failed,
            failed,
            config.lease())
        .map(
            held -> {
              if (!held) {
                throw new Left();
              }
              return Step.NEXT;
            });
  }

  /**
   * The EV2 body of an event row: the job's type, {@code context} (OTHER when the row has none),
   * {@code date}, {@code properties}, and the customer by {@code customerId}, or brought back by
   * {@code externalId} or {@code sessionId} on the job's node.
   */
  static ObjectNode eventBody(ObjectNode row, BulkJob job) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode b = f.objectNode();
    b.put("type", EventType.parse(job.eventType()).toString());
    b.set("context", row.has("context") ? row.get("context") : f.textNode("OTHER"));
    if (row.has("date")) {
      b.set("date", row.get("date"));
    }
    b.set("properties", row.has("properties") ? row.get("properties") : f.objectNode());
    if (row.has("customerId")) {
      b.set("customerId", row.get("customerId"));
    }
    String type =
        row.has("externalId") ? "EXTERNAL_ID" : row.has("sessionId") ? "SESSION_ID" : null;
    if (type != null) {
      ObjectNode bb = b.putObject("bringBackProperties");
      bb.put("type", type);
      bb.set("value", row.has("externalId") ? row.get("externalId") : row.get("sessionId"));
      bb.put("nodeId", job.nodeId().toString());
    }
    return b;
  }
}
