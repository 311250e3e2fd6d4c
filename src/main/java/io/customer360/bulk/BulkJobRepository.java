package io.customer360.bulk;

import io.customer360.common.Db;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * SQL of the tables the bulk feature owns: {@code bulk_job}, {@code bulk_job_chunk} and {@code
 * bulk_job_result} (migration V17). Vert.x SQL client throughout, because a chunk's checkpoint is
 * written in the same transaction as the chunk's customers or events. One named statement per
 * method; every read of the API takes the workspace and the node.
 */
@ApplicationScoped
class BulkJobRepository {

  /** A job row as the worker and the API read it. */
  record JobRow(
      BulkJob job,
      List<String> columns,
      JsonObject caller,
      int chunkCount,
      int chunksDone,
      int attempts) {}

  /** One stored chunk: its first data row (1-based) and its rows as CSV text. */
  record Chunk(int firstRow, int rowCount, String data) {}

  private static final String COLUMNS =
      """
      j.id, j.workspace_id, j.node_id, j.filename, j.name, j.operation, j.entity, j.event_type,
      j.status, j.error_message, j.created_at, j.updated_at, j.processed_entities,
      j.failed_entities, j.total_entities, j.columns, j.caller, j.chunk_count, j.chunks_done,
      j.attempts""";

  private static final String INSERT =
      """
      insert into bulk_job (id, workspace_id, node_id, filename, name, operation, entity,
                            event_type, status, error_message, caller)
      values ($1, $2, $3, $4, $4, $5, $6, $7, 'FAILED', $8, $9)""";

  private static final String INSERT_CHUNK =
      "insert into bulk_job_chunk (job_id, seq, first_row, row_count, data) values ($1, $2, $3, $4, $5)";

  private static final String FAIL_UPLOAD =
      """
      with gone as (delete from bulk_job_chunk where job_id = $1)
      update bulk_job set status = 'FAILED', error_message = $2, updated_at = now()
       where id = $1""";

  private static final String LOCK_NODE =
      "select pg_advisory_xact_lock(hashtextextended('bulk_job:' || $1, 0))";

  private static final String COUNT_LOADED =
      "select count(*) as n from bulk_job where node_id = $1 and status = 'LOADED'";

  /** LOADED once the node has fewer than $6 LOADED jobs (under the node's advisory lock). */
  private static final String MARK_LOADED =
      """
      update bulk_job j set status = 'LOADED', error_message = null, columns = $2,
             total_entities = $3, chunk_count = $4, updated_at = now()
       where j.id = $1
         and (select count(*) from bulk_job o where o.node_id = $5 and o.status = 'LOADED') < $6
      returning\s"""
          + COLUMNS;

  private static final String DELETE = "delete from bulk_job where id = $1";

  private static final String FIND =
      "select "
          + COLUMNS
          + " from bulk_job j where j.id = $1 and j.workspace_id = $2 and j.node_id = $3";

  private static final String LIST =
      """
      select %s
        from bulk_job j
       where j.workspace_id = $1 and j.node_id = $2
         and ($3::text is null or j.status = $3) and ($4::text is null or j.entity = $4)
       order by %s
       limit $5 offset $6"""
          .formatted(COLUMNS, "%s");

  /** The matches of the filters and every job of the node. */
  private static final String COUNT =
      """
      select count(*) filter (where ($3::text is null or j.status = $3)
                                and ($4::text is null or j.entity = $4)) as n,
             count(*) as unfiltered
        from bulk_job j
       where j.workspace_id = $1 and j.node_id = $2""";

  /** STOPPED from LOADED, SCHEDULED or PROCESSING; waits for a running chunk to commit. */
  private static final String STOP =
      """
      update bulk_job j set status = 'STOPPED', lease_owner = null, lease_until = null,
             updated_at = now()
       where j.id = $1 and j.workspace_id = $2 and j.node_id = $3
         and j.status in ('LOADED', 'SCHEDULED', 'PROCESSING')
      returning\s"""
          + COLUMNS;

  /**
   * Claims the oldest runnable job whose lease is free or ran out (a worker that died), skipping
   * jobs another transaction holds; LOADED becomes SCHEDULED.
   */
  private static final String CLAIM =
      """
      update bulk_job j
         set status = case when j.status = 'LOADED' then 'SCHEDULED' else j.status end,
             lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
             updated_at = now()
       where j.id = (select o.id from bulk_job o
                      where o.status in ('LOADED', 'SCHEDULED', 'PROCESSING')
                        and (o.lease_until is null or o.lease_until < now())
                        and o.workspace_id <> all ($3::uuid[])
                      order by o.created_at
                      limit 1
                      for update skip locked)
      returning\s"""
          + COLUMNS;

  /** The chunks of a job that have no results yet, in order. */
  private static final String PENDING =
      """
      select s.seq from generate_series(0, $2 - 1) as s(seq)
       where not exists (select 1 from bulk_job_result r where r.job_id = $1 and r.seq = s.seq)
       order by s.seq""";

  private static final String CHUNK =
      "select first_row, row_count, data from bulk_job_chunk where job_id = $1 and seq = $2";

  /** The chunk's results; nothing when the chunk has results already (it committed before). */
  private static final String INSERT_RESULT =
      """
      insert into bulk_job_result (job_id, seq, lines) values ($1, $2, $3)
      on conflict do nothing returning seq""";

  /**
   * The checkpoint of one chunk while this worker ($2) still holds the job and it is still
   * runnable: counts, chunks done, a renewed lease; PROCESSED with the last chunk. Concurrent
   * chunks of the job update the row one after another, each on the latest version of it.
   */
  private static final String CHECKPOINT =
      """
      update bulk_job set chunks_done = chunks_done + 1,
             processed_entities = processed_entities + $3,
             failed_entities = failed_entities + $4,
             status = case when chunks_done + 1 >= chunk_count then 'PROCESSED' else 'PROCESSING' end,
             attempts = 0,
             lease_until = case when chunks_done + 1 >= chunk_count then null
                                else now() + $5 * interval '1 millisecond' end,
             updated_at = now()
       where id = $1 and lease_owner = $2 and status in ('SCHEDULED', 'PROCESSING')
      returning id""";

  /** A job without rows: PROCESSED as soon as it is claimed. */
  private static final String FINISH_EMPTY =
      """
      update bulk_job set status = 'PROCESSED', lease_until = null, updated_at = now()
       where id = $1 and lease_owner = $2 and chunk_count = 0
         and status in ('SCHEDULED', 'PROCESSING')""";

  /** A chunk that failed as a whole: counted, the lease released, FAILED after $3 attempts. */
  private static final String CHUNK_FAILED =
      """
      update bulk_job set attempts = attempts + 1, lease_until = null,
             status = case when attempts + 1 >= $3 then 'FAILED' else status end,
             error_message = case when attempts + 1 >= $3 then $4 else error_message end,
             updated_at = now()
       where id = $1 and lease_owner = $2 and status in ('SCHEDULED', 'PROCESSING')""";

  private static final String RESULTS =
      "select seq, lines from bulk_job_result where job_id = $1 and seq >= $2 order by seq limit $3";

  private final Pool pool;

  BulkJobRepository(Pool pool) {
    this.pool = pool;
  }

  // --- upload ---------------------------------------------------------------------------------

  /** The job row at the start of an upload: FAILED with {@code pending} until the upload ends. */
  Uni<Void> insert(BulkJob job, JsonObject caller, String pending) {
    return pool.preparedQuery(INSERT)
        .execute(
            Tuple.from(
                Arrays.asList(
                    job.id(),
                    job.workspaceId(),
                    job.nodeId(),
                    job.filename(),
                    job.operation().name(),
                    job.entity().name(),
                    job.eventType(),
                    pending,
                    caller)))
        .replaceWithVoid();
  }

  /** Stores a chunk's CSV text as UTF-8 bytes (any character survives, NUL included). */
  Uni<Void> insertChunk(UUID jobId, int seq, int firstRow, int rowCount, String data) {
    return pool.preparedQuery(INSERT_CHUNK)
        .execute(
            Tuple.of(
                jobId,
                seq,
                firstRow,
                rowCount,
                io.vertx.core.buffer.Buffer.buffer(
                    data.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .replaceWithVoid();
  }

  /** The upload failed: FAILED with {@code reason}, its chunks dropped. */
  Uni<Void> failUpload(UUID jobId, String reason) {
    return pool.preparedQuery(FAIL_UPLOAD).execute(Tuple.of(jobId, reason)).replaceWithVoid();
  }

  Uni<Long> countLoaded(UUID nodeId) {
    return pool.preparedQuery(COUNT_LOADED)
        .execute(Tuple.of(nodeId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /**
   * Marks the uploaded job LOADED unless the node already holds {@code maxLoaded} LOADED jobs (then
   * null); concurrent uploads to one node take the node's advisory lock in turn, so they never
   * exceed the bound.
   */
  Uni<JobRow> markLoaded(
      UUID jobId, UUID nodeId, List<String> columns, int total, int chunks, int maxLoaded) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(LOCK_NODE)
                .execute(Tuple.of(nodeId.toString()))
                .chain(
                    () ->
                        tx.preparedQuery(MARK_LOADED)
                            .execute(
                                Tuple.of(
                                    jobId,
                                    columns.toArray(String[]::new),
                                    total,
                                    chunks,
                                    nodeId,
                                    maxLoaded)))
                .map(rows -> Db.first(rows, BulkJobRepository::toJobRow)));
  }

  Uni<Void> delete(UUID jobId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(jobId)).replaceWithVoid();
  }

  // --- API reads ------------------------------------------------------------------------------

  Uni<JobRow> find(UUID workspaceId, UUID nodeId, UUID jobId) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(jobId, workspaceId, nodeId))
        .map(rows -> Db.first(rows, BulkJobRepository::toJobRow));
  }

  /**
   * A page of the node's jobs and the counts of the filters' matches and of all the node's jobs;
   * {@code orderBy} is one of the fixed orders of the service, never caller text.
   */
  Uni<Db.Counted<BulkJob>> list(
      UUID workspaceId,
      UUID nodeId,
      BulkJobStatus status,
      BulkJobEntity entity,
      String orderBy,
      int limit,
      long offset) {
    String st = status == null ? null : status.name();
    String en = entity == null ? null : entity.name();
    return pool.preparedQuery(COUNT)
        .execute(Tuple.from(Arrays.asList(workspaceId, nodeId, st, en)))
        .map(rows -> rows.iterator().next())
        .chain(
            counts ->
                (limit == 0
                        ? Uni.createFrom().item(List.<BulkJob>of())
                        : pool.preparedQuery(LIST.formatted(orderBy))
                            .execute(
                                Tuple.from(
                                    Arrays.asList(workspaceId, nodeId, st, en, limit, offset)))
                            .map(rows -> Db.list(rows, r -> toJobRow(r).job())))
                    .map(
                        jobs ->
                            new Db.Counted<>(
                                jobs, counts.getLong("n"), counts.getLong("unfiltered"))));
  }

  Uni<JobRow> stop(UUID workspaceId, UUID nodeId, UUID jobId) {
    return pool.preparedQuery(STOP)
        .execute(Tuple.of(jobId, workspaceId, nodeId))
        .map(rows -> Db.first(rows, BulkJobRepository::toJobRow));
  }

  /** Up to {@code limit} result blocks from chunk {@code fromSeq} on, in chunk order. */
  Uni<List<String>> results(UUID jobId, int fromSeq, int limit) {
    return pool.preparedQuery(RESULTS)
        .execute(Tuple.of(jobId, fromSeq, limit))
        .map(
            rows -> {
              List<String> out = new ArrayList<>();
              rows.forEach(r -> out.add(r.getString("lines")));
              return out;
            });
  }

  // --- worker ---------------------------------------------------------------------------------

  Uni<JobRow> claim(String owner, Duration lease, List<UUID> pausedWorkspaces) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(owner, lease.toMillis(), Db.uuidArray(pausedWorkspaces)))
        .map(rows -> Db.first(rows, BulkJobRepository::toJobRow));
  }

  Uni<Chunk> chunk(UUID jobId, int seq) {
    return pool.preparedQuery(CHUNK)
        .execute(Tuple.of(jobId, seq))
        .map(
            rows ->
                Db.first(
                    rows,
                    r ->
                        new Chunk(
                            r.getInteger("first_row"),
                            r.getInteger("row_count"),
                            new String(
                                r.getDelegate().getBuffer("data").getBytes(),
                                java.nio.charset.StandardCharsets.UTF_8))));
  }

  /** The chunks of the job without results, in order. */
  Uni<List<Integer>> pending(UUID jobId, int chunkCount) {
    return pool.preparedQuery(PENDING)
        .execute(Tuple.of(jobId, chunkCount))
        .map(
            rows -> {
              List<Integer> out = new ArrayList<>();
              rows.forEach(r -> out.add(r.getInteger("seq")));
              return out;
            });
  }

  /**
   * In the chunk's transaction: its results, then the job's checkpoint; false when the chunk had
   * results already, or the job is no longer this worker's or no longer runnable (then the caller
   * rolls back).
   */
  static Uni<Boolean> checkpoint(
      SqlClient tx,
      UUID jobId,
      String owner,
      int seq,
      String lines,
      int written,
      int failed,
      Duration lease) {
    return tx.preparedQuery(INSERT_RESULT)
        .execute(Tuple.of(jobId, seq, lines))
        .chain(
            inserted ->
                inserted.size() == 0
                    ? Uni.createFrom().item(false)
                    : tx.preparedQuery(CHECKPOINT)
                        .execute(Tuple.of(jobId, owner, written, failed, lease.toMillis()))
                        .map(rows -> rows.size() > 0));
  }

  Uni<Void> finishEmpty(UUID jobId, String owner) {
    return pool.preparedQuery(FINISH_EMPTY).execute(Tuple.of(jobId, owner)).replaceWithVoid();
  }

  Uni<Void> chunkFailed(UUID jobId, String owner, int maxAttempts, String reason) {
    return pool.preparedQuery(CHUNK_FAILED)
        .execute(Tuple.of(jobId, owner, maxAttempts, reason))
        .replaceWithVoid();
  }

  // --- rows -----------------------------------------------------------------------------------

  private static JobRow toJobRow(Row r) {
    String[] columns = r.getArrayOfStrings("columns");
    BulkJob job =
        new BulkJob(
            r.getUUID("id"),
            r.getString("filename"),
            BulkJobOperation.valueOf(r.getString("operation")),
            r.getUUID("workspace_id"),
            r.getUUID("node_id"),
            BulkJobEntity.valueOf(r.getString("entity")),
            r.getString("event_type"),
            r.getString("name"),
            BulkJobStatus.valueOf(r.getString("status")),
            r.getString("error_message"),
            Db.time(r, "created_at"),
            Db.time(r, "updated_at"),
            r.getInteger("processed_entities"),
            r.getInteger("failed_entities"),
            r.getInteger("total_entities"));
    return new JobRow(
        job,
        columns == null ? List.of() : List.of(columns),
        r.getJsonObject("caller"),
        r.getInteger("chunk_count"),
        r.getInteger("chunks_done"),
        r.getInteger("attempts"));
  }
}
