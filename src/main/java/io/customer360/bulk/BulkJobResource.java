package io.customer360.bulk;

import io.customer360.bulk.BulkRequests.BulkJobPage;
import io.customer360.bulk.BulkRequests.StatusChange;
import io.customer360.bulk.BulkRequests.UploadForm;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;

/**
 * Bulk jobs of an entry node (spec §1.2 B1–B4, and stopping a job). Writes (upload, stop) need the
 * rights of customer and event writes on the node: staff, a person with RW on it, or a source token
 * bound to it; reads need R. Another workspace's node or job answers 404.
 */
@Path("/hub/v1/workspaces/{workspaceId}/nodes/{nodeId}/bulk-jobs")
@Tag(
    name = "Bulk jobs",
    description = "CSV imports of customers or events into an entry node, run by workers")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class BulkJobResource {

  private static final String JSON = MediaType.APPLICATION_JSON;
  private static final String CSV = "text/csv";

  private final BulkJobService jobs;
  private final Tenant tenant;

  BulkJobResource(BulkJobService jobs, Tenant tenant) {
    this.jobs = jobs;
    this.tenant = tenant;
  }

  @GET
  @Operation(
      operationId = "listBulkJobs",
      summary = "List the node's bulk jobs (B1)",
      description =
          "A page of the node's jobs, newest first unless sort says otherwise: createdAt,"
              + " updatedAt, status or filename, with ,asc or ,desc.")
  @APIResponse(
      responseCode = "200",
      description = "A page of jobs",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkJobPage.class)))
  public Uni<Paged<BulkJob>> list(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") UUID nodeId,
      @Parameter(description = "Only jobs in this status") @QueryParam("status")
          BulkJobStatus status,
      @Parameter(description = "Only jobs of this entity") @QueryParam("entity")
          BulkJobEntity entity,
      @Parameter(description = "field[,asc|desc]; default createdAt,desc") @QueryParam("sort")
          String sort,
      @Parameter(description = "Page number from 0") @QueryParam("page") Integer page,
      @Parameter(description = "Page size, 0 to 50; default 20") @QueryParam("size") Integer size) {
    PageRequest request = PageRequest.of(page, size, 20, BulkJobService.MAX_LISTED / 50, 50);
    return jobs.list(tenant, nodeId, status, entity, sort, request);
  }

  @POST
  @ResponseStatus(201)
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      operationId = "createBulkJob",
      summary = "Upload a CSV and create a bulk job (B2)",
      description =
          "Stores the file and answers the job LOADED, or FAILED with errorMessage when the"
              + " header names an unknown column or the file is not readable CSV (naming the"
              + " line). The file must be UTF-8: a file part with another charset is refused."
              + " The header"
              + " holds dotted JSON paths; empty cells are left out, arrays and objects are JSON"
              + " literals, numbers and booleans follow the schema. At most 10 LOADED jobs per"
              + " node.")
  @RequestBody(
      required = true,
      description = "The file and the job's parameters",
      content =
          @Content(
              mediaType = MediaType.MULTIPART_FORM_DATA,
              schema = @Schema(implementation = UploadForm.class)))
  @APIResponse(
      responseCode = "201",
      description = "The job, LOADED or FAILED",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkJob.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "A missing, invalid, repeated or unknown form field, or a file part whose charset is"
              + " not UTF-8")
  @APIResponse(responseCode = "409", description = "The node already holds 10 LOADED jobs")
  public Uni<BulkJob> create(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") UUID nodeId,
      @RestForm("file") FileUpload file,
      @RestForm("operation") String operation,
      @RestForm("entity") String entity,
      @RestForm("eventType") String eventType) {
    checkFields(CurrentRequestManager.get().getFormData());
    return jobs.create(
        tenant,
        nodeId,
        new BulkJobService.Upload(
            file == null ? null : file.uploadedFile(),
            file == null ? null : file.fileName(),
            file == null ? null : file.contentType(),
            operation,
            entity,
            eventType));
  }

  /** The fields of a bulk-job upload (B2), each given at most once. */
  static final Set<String> UPLOAD_FIELDS = Set.of("file", "operation", "entity", "eventType");

  /**
   * Refuses an upload whose form repeats a field ("must be given once") or holds a field that is
   * not one of {@link #UPLOAD_FIELDS} ("is not a field of a bulk-job upload"): 400 naming each,
   * before any job is written (README, bulk jobs).
   */
  static void checkFields(FormData form) {
    if (form == null) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    for (String name : form) {
      if (!UPLOAD_FIELDS.contains(name)) {
        errors.add(new FieldError(name, "is not a field of a bulk-job upload"));
      } else if (form.get(name).size() > 1) {
        errors.add(new FieldError(name, "must be given once"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
  }

  @GET
  @Path("/{jobId}")
  @Operation(
      operationId = "getBulkJob",
      summary = "Read a bulk job with its progress (B3)",
      description =
          "totalEntities rows in the file; processedEntities written and failedEntities refused"
              + " so far.")
  @APIResponse(
      responseCode = "200",
      description = "The job",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkJob.class)))
  @APIResponse(responseCode = "404", description = "No such job on the node")
  public Uni<BulkJob> get(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") UUID nodeId,
      @PathParam("jobId") UUID jobId) {
    return jobs.find(tenant, nodeId, jobId);
  }

  @GET
  @Path("/{jobId}/results")
  @Produces(CSV)
  @Operation(
      operationId = "getBulkJobResults",
      summary = "The per-row results of a bulk job (B4)",
      description =
          "CSV with the header row,outcome,id,path,rule and one line per input row: the data"
              + " row number (1 = the first row after the header), CREATED, UPDATED, DELETED or"
              + " FAILED, the id written, and for FAILED rows the failing paths and rules"
              + " (several joined by ;). Only when the job is PROCESSED or FAILED.")
  @APIResponse(
      responseCode = "200",
      description = "The results",
      content =
          @Content(
              mediaType = CSV,
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
  @APIResponse(responseCode = "409", description = "The job is not PROCESSED or FAILED yet")
  public Multi<String> results(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") UUID nodeId,
      @PathParam("jobId") UUID jobId) {
    return jobs.results(tenant, nodeId, jobId).onItem().transformToMulti(m -> m);
  }

  @PUT
  @Path("/{jobId}/status")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "changeBulkJobStatus",
      summary = "Stop a bulk job",
      description =
          "{\"status\":\"STOPPED\"} stops a LOADED, SCHEDULED or PROCESSING job: committed chunks"
              + " stay, a chunk being written rolls back whole, nothing else runs and the job"
              + " never resumes.")
  @RequestBody(
      required = true,
      description = "The new status",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = StatusChange.class)))
  @APIResponse(
      responseCode = "200",
      description = "The stopped job",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkJob.class)))
  @APIResponse(responseCode = "409", description = "The job is already over")
  public Uni<BulkJob> changeStatus(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") UUID nodeId,
      @PathParam("jobId") UUID jobId,
      StatusChange body) {
    if (body == null || body.status() != BulkJobStatus.STOPPED) {
      throw ApiException.badRequest("status", "must be STOPPED");
    }
    return jobs.stop(tenant, nodeId, jobId);
  }
}
