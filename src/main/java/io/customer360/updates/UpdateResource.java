package io.customer360.updates;

import io.customer360.updates.UpdateResponses.LastOffsetResponse;
import io.customer360.updates.UpdateResponses.UpdatesResponse;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The update stream of a workspace (spec §1.18 US1, US2): every committed change of its customers,
 * unified customers and events, in offset order. Malformed numbers and enum values answer 400
 * naming the parameter; a malformed or unknown node id 404 "node not found" (spec §5).
 */
@Path("/hub/v1/workspaces/{workspaceId}/updates")
@Tag(
    name = "Update stream",
    description =
        "Every committed change of customers and events, in order, exactly once (spec US1, US2)")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class UpdateResource {

  private static final String JSON = MediaType.APPLICATION_JSON;

  private final UpdateService updates;
  private final Tenant tenant;

  UpdateResource(UpdateService updates, Tenant tenant) {
    this.updates = updates;
    this.tenant = tenant;
  }

  /** US1. */
  @GET
  @Path("/last-offset")
  @Operation(operationId = "getLastUpdateOffset", summary = "The last update offset (US1)")
  @APIResponse(
      responseCode = "200",
      description = "The highest offset of a change the caller may read (0 when none)",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = LastOffsetResponse.class)))
  @APIResponse(responseCode = "404", description = "node not found <id>")
  public Uni<LastOffsetResponse> lastOffset(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = "Only changes of this node") @QueryParam("nodeId") UUID nodeId,
      @Parameter(description = "Only changes of this entity type") @QueryParam("entity")
          UpdateEntityType entity) {
    return updates.lastOffset(tenant, nodeId, entity);
  }

  /** US2. */
  @GET
  @Operation(operationId = "getUpdates", summary = "The changes after an offset (US2)")
  @APIResponse(
      responseCode = "200",
      description = "The next changes, in offset order, and the offset to go on from",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = UpdatesResponse.class)))
  @APIResponse(responseCode = "404", description = "node not found <id>")
  public Uni<UpdatesResponse> updates(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = "The highest offset the client has (excluded); default 0")
          @QueryParam("offset")
          Long offset,
      @Parameter(description = "Only changes written at or after this time, epoch milliseconds")
          @QueryParam("timestamp")
          Long timestamp,
      @Parameter(description = "Most changes to answer, 0 to 4000; default 50") @QueryParam("size")
          Integer size,
      @Parameter(description = "Only changes of this node") @QueryParam("nodeId") UUID nodeId,
      @Parameter(description = "Only changes of this entity type") @QueryParam("entity")
          UpdateEntityType entity) {
    long after = offset == null ? 0 : UpdateService.nonNegative("offset", offset);
    return updates.updates(
        tenant,
        after,
        UpdateService.nonNegative("timestamp", timestamp),
        UpdateService.size(size),
        nodeId,
        entity);
  }
}
