package io.customer360.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.customer.CustomerService;
import io.customer360.event.EventSchemas;
import io.customer360.event.EventType;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk jobs of an entry node (spec §1.2 B1–B4): the upload (B2), the list (B1), one job (B3), its
 * results (B4) and stopping a job. The rows are processed by {@link BulkImportJob}.
 *
 * <p>The upload streams the file from the request's temporary file: the header is checked first,
 * then every {@link BulkConfig#customerChunkRows} (or event) rows are stored as one chunk row in
 * PostgreSQL; a chunk is read (off the event loop) while no connection is held, then written. The
 * job row exists from the start as FAILED ("the upload did not complete"), so an upload cut short
 * leaves a FAILED job; the last step makes it LOADED under the node's advisory lock, which is what
 * keeps concurrent uploads within {@link BulkConfig#maxLoaded} LOADED jobs per node.
 */
@ApplicationScoped
public class BulkJobService {

  /** Sort orders of B1, by the API name of the field. */
  static final Map<String, String> SORTS =
      Map.of(
          "createdAt", "j.created_at",
          "updatedAt", "j.updated_at",
          "status", "j.status",
          "filename", "j.filename");

  /** Most jobs B1 pages through. */
  static final int MAX_LISTED = 10_000;

  private static final String PENDING = "The upload did not complete";

  /** An uploaded file and the form fields of B2, as sent. */
  public record Upload(
      Path file,
      String filename,
      String contentType,
      String operation,
      String entity,
      String eventType) {}

  /** The checked parameters of an upload. */
  private record Params(BulkJobOperation operation, BulkJobEntity entity, EventType eventType) {}

  private final BulkJobRepository repository;
  private final NodeService nodes;
  private final BulkConfig config;

  BulkJobService(BulkJobRepository repository, NodeService nodes, BulkConfig config) {
    this.repository = repository;
    this.nodes = nodes;
    this.config = config;
  }

  // --- B2 -------------------------------------------------------------------------------------

  /**
   * B2: stores the upload and answers the job, LOADED, or FAILED with the reason when the header is
   * unusable or the file is not readable CSV. 400 for a missing or invalid form field, 404 for an
   * unknown node, 400 for an aggregate node, 403 when the caller may not write customers or events
   * to the node, 409 when the node already holds {@link BulkConfig#maxLoaded} LOADED jobs.
   */
  public Uni<BulkJob> create(Tenant tenant, UUID nodeId, Upload upload) {
    Params params = params(upload);
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(node -> requireWritableEntry(tenant, node))
        .chain(node -> repository.countLoaded(node.id()))
        .invoke(this::requireRoom)
        .chain(n -> start(tenant, nodeId, upload, params));
  }

  private static Params params(Upload upload) {
    List<FieldError> errors = new ArrayList<>();
    if (upload.file() == null) {
      errors.add(new FieldError("file", "is required: the CSV file"));
    } else if (!isUtf8(upload.contentType())) {
      errors.add(
          new FieldError(
              "file", "must be UTF-8: give charset=UTF-8 or none, and save the file as UTF-8"));
    }
    BulkJobOperation operation =
        parse(BulkJobOperation.class, "operation", upload.operation(), errors, true);
    BulkJobEntity entity = parse(BulkJobEntity.class, "entity", upload.entity(), errors, false);
    if (entity == null) {
      entity = BulkJobEntity.CUSTOMER;
    }
    EventType eventType = null;
    boolean typed = upload.eventType() != null && !upload.eventType().isBlank();
    if (entity == BulkJobEntity.EVENT) {
      if (!typed) {
        errors.add(new FieldError("eventType", "is required for an EVENT job"));
      } else if ((eventType = EventType.parse(upload.eventType().trim())) == null) {
        errors.add(
            new FieldError("eventType", "must be one of " + Arrays.toString(EventType.values())));
      }
    } else if (typed) {
      errors.add(new FieldError("eventType", "must be omitted for a CUSTOMER job"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return new Params(operation, entity, eventType);
  }

  /**
   * Whether the content type of the file part names no charset or UTF-8: the only encoding an
   * upload is read in (README "Bulk jobs", decisions).
   */
  static boolean isUtf8(String contentType) {
    if (contentType == null) {
      return true;
    }
    for (String param : contentType.split(";")) {
      String[] kv = param.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        String cs = kv[1].trim().replace("\"", "");
        return cs.equalsIgnoreCase("UTF-8") || cs.equalsIgnoreCase("UTF8");
      }
    }
    return true;
  }

  private static <E extends Enum<E>> E parse(
      Class<E> type, String field, String value, List<FieldError> errors, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(
            new FieldError(
                field, "is required: one of " + Arrays.toString(type.getEnumConstants())));
      }
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim());
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldError(field, "must be one of " + Arrays.toString(type.getEnumConstants())));
      return null;
    }
  }

  private static Node requireWritableEntry(Tenant tenant, Node node) {
    if (!node.isEntry()) {
      throw ApiException.badRequest("nodeId", "must be an entry node");
    }
    tenant.requireWrite(node.id());
    return node;
  }

  private void requireRoom(long loaded) {
    if (loaded >= config.maxLoaded()) {
      throw tooMany();
    }
  }

  private ApiException tooMany() {
    return ApiException.conflict(
        "The node already has "
            + config.maxLoaded()
            + " bulk jobs in status LOADED; wait until one is processed or stop one");
  }

  private Uni<BulkJob> start(Tenant tenant, UUID nodeId, Upload upload, Params params) {
    BulkJob job =
        new BulkJob(
            UUID.randomUUID(),
            upload.filename(),
            params.operation(),
            tenant.workspaceId(),
            nodeId,
            params.entity(),
            params.eventType() == null ? null : params.eventType().name(),
            upload.filename(),
            BulkJobStatus.FAILED,
            PENDING,
            null,
            null,
            0,
            0,
            0);
    JsonNode schema =
        params.entity() == BulkJobEntity.CUSTOMER
            ? CustomerService.jsonSchema(tenant.workspace())
            : EventSchemas.properties(params.eventType());
    int chunkRows =
        params.entity() == BulkJobEntity.CUSTOMER
            ? config.customerChunkRows()
            : config.eventChunkRows();
    return repository
        .insert(job, BulkCallers.toJson(tenant), PENDING)
        .chain(() -> copy(job, upload.file(), schema, chunkRows))
        .chain(copied -> finish(job, copied))
        .chain(() -> repository.find(job.workspaceId(), nodeId, job.id()))
        .map(BulkJobRepository.JobRow::job);
  }

  /** What the copy of the upload came to: the header and counts, or why the job failed. */
  private record Copied(List<String> columns, int rows, int chunks, String failure) {}

  /** The reading side of an upload, used from a worker thread one chunk at a time. */
  private final class Reader {
    final BulkJob job;
    final InputStream in;
    final BulkCsv.FileRecords records;
    final JsonNode schema;
    final int chunkRows;
    List<String> columns;
    int rows;
    int chunks;

    Reader(BulkJob job, Path file, JsonNode schema, int chunkRows) throws IOException {
      this.job = job;
      this.in = Files.newInputStream(file);
      this.records = BulkCsv.records(in);
      this.schema = schema;
      this.chunkRows = chunkRows;
    }

    /** Reads and checks the header. */
    void header() throws BulkCsv.HeaderException, BulkCsv.FileException {
      if (!records.hasNext()) {
        throw new BulkCsv.HeaderException("The file is empty: it needs a header row");
      }
      List<String> names = BulkCsv.names(records.next());
      BulkCsv.Header header =
          job.entity() == BulkJobEntity.CUSTOMER
              ? BulkCsv.customerHeader(names, schema, job.operation())
              : BulkCsv.eventHeader(names, schema, job.operation());
      columns = header.paths();
    }

    /** The next chunk's records; empty at the end of the file. */
    List<String[]> next() {
      List<String[]> out = new ArrayList<>(Math.min(chunkRows, 1024));
      try {
        while (out.size() < chunkRows && records.hasNext()) {
          out.add(records.next());
        }
      } catch (BulkCsv.FileException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }

    void close() {
      try {
        records.close();
        in.close();
      } catch (IOException e) {
        Log.debugf("closing the upload of bulk job %s: %s", job.id(), e.getMessage());
      }
    }
  }

  /**
   * Copies the file into chunk rows: each chunk read on a worker thread with no connection held,
   * then inserted in its own statement.
   */
  private Uni<Copied> copy(BulkJob job, Path file, JsonNode schema, int chunkRows) {
    return Uni.createFrom()
        .item(() -> open(job, file, schema, chunkRows))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(
            opened ->
                opened.failure() != null
                    ? Uni.createFrom().item(opened.failure())
                    : copyAll(opened.reader()))
        .onFailure(e -> e instanceof UncheckedIOException || isCsvError(e))
        .recoverWithItem(e -> new Copied(List.of(), 0, 0, unreadable(e)));
  }

  private record Opened(Reader reader, Copied failure) {}

  private Opened open(BulkJob job, Path file, JsonNode schema, int chunkRows) {
    Reader reader = null;
    try {
      reader = new Reader(job, file, schema, chunkRows);
      reader.header();
      return new Opened(reader, null);
    } catch (BulkCsv.HeaderException e) {
      reader.close();
      return new Opened(null, new Copied(List.of(), 0, 0, "Bad header: " + e.getMessage()));
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        reader.close();
      }
      return new Opened(null, new Copied(List.of(), 0, 0, unreadable(e)));
    }
  }

  private Uni<Copied> copyAll(Reader reader) {
    return Multi.createBy()
        .repeating()
        .uni(() -> readChunk(reader).chain(rows -> store(reader, rows)))
        .whilst(more -> more)
        .collect()
        .last()
        .map(done -> new Copied(reader.columns, reader.rows, reader.chunks, null))
        .eventually(reader::close);
  }

  private static Uni<List<String[]>> readChunk(Reader reader) {
    return Uni.createFrom()
        .item(reader::next)
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** Stores one chunk; false at the end of the file. */
  private Uni<Boolean> store(Reader reader, List<String[]> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(false);
    }
    int first = reader.rows + 1;
    int seq = reader.chunks;
    reader.rows += rows.size();
    reader.chunks++;
    return repository
        .insertChunk(reader.job.id(), seq, first, rows.size(), BulkCsv.text(rows))
        .replaceWith(true);
  }

  private static boolean isCsvError(Throwable e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException
        || e instanceof com.fasterxml.jackson.databind.RuntimeJsonMappingException
        || e instanceof IOException;
  }

  private static String unreadable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof BulkCsv.FileException f) {
        return "The file is not readable CSV: " + f.getMessage();
      }
    }
    String where = "";
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        && j.getLocation() != null) {
      where = " (line " + j.getLocation().getLineNr() + ")";
    } else if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j
        && j.getLocation() != null) {
      where = " (line " + j.getLocation().getLineNr() + ")";
    }
    return "The file is not readable CSV" + where;
  }

  private Uni<Void> finish(BulkJob job, Copied copied) {
    if (copied.failure() != null) {
      Log.infof(
          "bulk job %s of node %s failed at upload: %s", job.id(), job.nodeId(), copied.failure());
      return repository.failUpload(job.id(), copied.failure());
    }
    return repository
        .markLoaded(
            job.id(),
            job.nodeId(),
            copied.columns(),
            copied.rows(),
            copied.chunks(),
            config.maxLoaded())
        .chain(
            loaded ->
                loaded != null
                    ? Uni.createFrom().voidItem()
                    : repository
                        .delete(job.id())
                        .invoke(
                            () -> {
                              throw tooMany();
                            }));
  }

  // --- B1, B3, B4, stop -----------------------------------------------------------------------

  /**
   * B1: a page of the node's jobs, filtered by status and entity, sorted by {@code sort} ({@code
   * createdAt} (default, newest first), {@code updatedAt}, {@code status} or {@code filename},
   * optionally {@code ,asc} or {@code ,desc}); 400 for another sort.
   */
  public Uni<Paged<BulkJob>> list(
      Tenant tenant,
      UUID nodeId,
      BulkJobStatus status,
      BulkJobEntity entity,
      String sort,
      PageRequest page) {
    String orderBy = orderBy(sort);
    return readableEntry(tenant, nodeId)
        .chain(
            node ->
                repository.list(
                    tenant.workspaceId(),
                    nodeId,
                    status,
                    entity,
                    orderBy,
                    page.size(),
                    page.offset()))
        .map(
            c ->
                new Paged<>(
                    c.elements(), PageInfo.capped(page, c.total(), c.unfiltered(), MAX_LISTED)));
  }

  static String orderBy(String sort) {
    if (sort == null || sort.isBlank()) {
      return "j.created_at desc, j.id";
    }
    String[] parts = sort.split(",", -1);
    String column = SORTS.get(parts[0].trim());
    String direction = parts.length > 1 ? parts[1].trim().toLowerCase() : "asc";
    if (column == null
        || parts.length > 2
        || !(direction.equals("asc") || direction.equals("desc"))) {
      throw ApiException.badRequest(
          "sort", "must be one of createdAt, updatedAt, status, filename, with ,asc or ,desc");
    }
    return column + " " + direction + ", j.id";
  }

  /** B3: the job with its progress; 404 when the node has no such job. */
  public Uni<BulkJob> find(Tenant tenant, UUID nodeId, UUID jobId) {
    return readableEntry(tenant, nodeId)
        .chain(node -> repository.find(tenant.workspaceId(), nodeId, jobId))
        .map(BulkJobService::existing)
        .map(BulkJobRepository.JobRow::job);
  }

  /**
   * B4: the results CSV, header first, then the blocks of every processed chunk in chunk order,
   * read a few chunks at a time; 409 unless the job is PROCESSED or FAILED.
   */
  public Uni<Multi<String>> results(Tenant tenant, UUID nodeId, UUID jobId) {
    return find(tenant, nodeId, jobId)
        .map(
            job -> {
              if (!job.status().finished()) {
                throw ApiException.conflict(
                    "The results are available when the job is PROCESSED or FAILED; it is "
                        + job.status());
              }
              return Multi.createFrom()
                  .item(BulkCsv.text(List.<String[]>of(BulkCsv.RESULT_HEADER)))
                  .onCompletion()
                  .switchTo(resultBlocks(jobId));
            });
  }

  private Multi<String> resultBlocks(UUID jobId) {
    final int batch = 20;
    int[] next = {0};
    return Multi.createBy()
        .repeating()
        .uni(() -> repository.results(jobId, next[0], batch).invoke(b -> next[0] += batch))
        .whilst(b -> b.size() == batch)
        .onItem()
        .disjoint();
  }

  /**
   * Stops a LOADED, SCHEDULED or PROCESSING job: chunks committed before stay, a chunk still being
   * written rolls back whole (its checkpoint finds the job STOPPED), no further chunk runs and the
   * job never resumes; 409 for a job in another status.
   */
  public Uni<BulkJob> stop(Tenant tenant, UUID nodeId, UUID jobId) {
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(node -> requireWritableEntry(tenant, node))
        .chain(node -> repository.stop(tenant.workspaceId(), nodeId, jobId))
        .chain(
            stopped ->
                stopped != null
                    ? Uni.createFrom().item(stopped.job())
                    : repository
                        .find(tenant.workspaceId(), nodeId, jobId)
                        .map(BulkJobService::existing)
                        .map(
                            row -> {
                              throw ApiException.conflict(
                                  "Only a LOADED, SCHEDULED or PROCESSING job can be stopped; it"
                                      + " is "
                                      + row.job().status());
                            }));
  }

  private Uni<Node> readableEntry(Tenant tenant, UUID nodeId) {
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .invoke(
            node -> {
              if (!node.isEntry()) {
                throw ApiException.badRequest("nodeId", "must be an entry node");
              }
              tenant.requireRead(node.id());
            });
  }

  private static BulkJobRepository.JobRow existing(BulkJobRepository.JobRow row) {
    if (row == null) {
      throw ApiException.notFound("Bulk job");
    }
    return row;
  }
}
