package io.customer360.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.customer.CustomerApiSchemas.CustomerPage;
import io.customer360.segment.SegmentRequests.SegmentPage;
import io.customer360.segment.SegmentRequests.SegmentRequest;
import io.customer360.segment.SegmentRequests.SegmentResponse;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Segments of a workspace in the native API, as Contacthub's earlier public API had them: list
 * (filter {@code name}), create, read, replace, delete, and the segment's customers on a node (the
 * CU1 answer with the segment's query). Reads for every caller who reaches the workspace; writes
 * for ADMIN, CLAB_OPERATOR and people holding RW on a node of the workspace, never source tokens
 * ({@link Tenant#requireAnyNodeWrite}). Another workspace's segment answers 404.
 */
@Path("/hub/v1/workspaces/{workspaceId}/segments")
@Tag(name = "Segments")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SegmentResource {

  private static final String JSON = MediaType.APPLICATION_JSON;
  private static final String WHAT = "segments";
  private static final String NOT_FOUND = "No such segment in this workspace";
  private static final String CONFLICT = "A segment of the workspace already has this name";

  private final SegmentService segments;
  private final Tenant tenant;

  SegmentResource(SegmentService segments, Tenant tenant) {
    this.segments = segments;
    this.tenant = tenant;
  }

  @GET
  @Operation(
      operationId = "listSegments",
      summary = "List the workspace's segments",
      description =
          "A page of the workspace's segments ordered by name; name keeps those whose name"
              + " contains the text, case-insensitively. totalUnfilteredElements counts every"
              + " segment of the workspace.")
  @APIResponse(
      responseCode = "200",
      description = "A page of segments",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = SegmentPage.class)))
  public Uni<Paged<SegmentResponse>> list(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = "Only segments whose name contains this text (any case)")
          @QueryParam("name")
          String name,
      @Parameter(description = "Page number from 0") @QueryParam("page") Integer page,
      @Parameter(description = "Page size, 0 to 50; default 20") @QueryParam("size") Integer size) {
    PageRequest request = PageRequest.of(page, size, 20, SegmentService.MAX_PER_WORKSPACE, 50);
    return segments
        .list(tenant.workspaceId(), name == null || name.isBlank() ? null : name, request)
        .map(p -> new Paged<>(p.elements().stream().map(SegmentResponse::of).toList(), p.page()));
  }

  @POST
  @ResponseStatus(201)
  @Operation(
      operationId = "createSegment",
      summary = "Create a segment",
      description =
          "A name and a query of the Contacthub query language (spec §4), checked against the"
              + " workspace's properties before anything is stored. At most 1,000 segments per"
              + " workspace.")
  @RequestBody(
      required = true,
      description = "The segment",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = SegmentRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "The new segment",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = SegmentResponse.class)))
  @APIResponse(responseCode = "409", description = CONFLICT)
  @APIResponse(responseCode = "422", description = "The workspace already holds 1,000 segments")
  public Uni<SegmentResponse> create(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull SegmentRequest body) {
    tenant.requireAnyNodeWrite(WHAT);
    return segments
        .create(tenant.workspace(), body.name(), body.query(), body.enabled())
        .map(SegmentResponse::of);
  }

  @GET
  @Path("/{segmentId}")
  @Operation(
      operationId = "getSegment",
      summary = "Read a segment",
      description = "The segment with its query as it was written.")
  @APIResponse(
      responseCode = "200",
      description = "The segment",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = SegmentResponse.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<SegmentResponse> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("segmentId") UUID segmentId) {
    return segments.find(tenant.workspaceId(), segmentId).map(SegmentResponse::of);
  }

  @PUT
  @Path("/{segmentId}")
  @Operation(
      operationId = "replaceSegment",
      summary = "Replace a segment",
      description = "Replaces name, query and enabled (absent: true) with the checks of create.")
  @RequestBody(
      required = true,
      description = "The segment's new values",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = SegmentRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The segment",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = SegmentResponse.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT)
  public Uni<SegmentResponse> replace(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("segmentId") UUID segmentId,
      @Valid @NotNull SegmentRequest body) {
    tenant.requireAnyNodeWrite(WHAT);
    return segments
        .update(tenant.workspace(), segmentId, body.name(), body.query(), body.enabled())
        .map(SegmentResponse::of);
  }

  @DELETE
  @Path("/{segmentId}")
  @Operation(
      operationId = "deleteSegment",
      summary = "Delete a segment",
      description = "Deletes the segment; the customers are not touched.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<Void> delete(
      @PathParam("workspaceId") String workspaceId, @PathParam("segmentId") UUID segmentId) {
    tenant.requireAnyNodeWrite(WHAT);
    return segments.delete(tenant.workspaceId(), segmentId);
  }

  @GET
  @Path("/{segmentId}/customers")
  @Operation(
      operationId = "listSegmentCustomers",
      summary = "The segment's customers on a node",
      description =
          "Exactly the customer search (CU1) of the node with the segment's query: same paging"
              + " (at most 10,000 matches), sort, fields and shape. A disabled segment answers"
              + " too. The caller needs read permission on the node. Follows the indexer like"
              + " every search.")
  @APIResponse(
      responseCode = "200",
      description = "A page of the node's customers in the segment",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CustomerPage.class)))
  @APIResponse(responseCode = "404", description = "No such segment or node in this workspace")
  @APIResponse(
      responseCode = "409",
      description =
          "The segment's query no longer applies to the workspace's properties (an extended"
              + " property it names was removed or is no longer indexed); replace the query")
  @APIResponse(
      responseCode = "503",
      description = "The search index cannot answer now; retry after the seconds in Retry-After")
  public Uni<Paged<ObjectNode>> customers(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("segmentId") UUID segmentId,
      @Parameter(description = "An entry node or an ACTIVE aggregate node", required = true)
          @QueryParam("nodeId")
          UUID nodeId,
      @Parameter(description = "Comma-separated property paths to keep (id is always kept)")
          @QueryParam("fields")
          String fields,
      @Parameter(description = "field or field,asc|desc; default updatedAt,desc")
          @QueryParam("sort")
          String sort,
      @Parameter(description = "Page number from 0") @QueryParam("page") Integer page,
      @Parameter(description = "Page size, 0 to 50; default 10") @QueryParam("size") Integer size) {
    return segments.findCustomers(tenant, segmentId, nodeId, fields, sort, page, size);
  }
}
