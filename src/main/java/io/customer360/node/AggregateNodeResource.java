package io.customer360.node;

import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.node.NodeRequests.AggregateNodeRequest;
import io.customer360.node.NodeRequests.AggregateNodeResponse;
import io.customer360.node.NodeRequests.StateBody;
import io.customer360.security.Roles;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Aggregate nodes (spec: nodes N*): list, create (staff), get, replace and move NEW to ACTIVE.
 * Unknown or malformed ids answer 404 "node not found &lt;id&gt;".
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/nodes/aggregates")
@Tag(name = "Nodes")
@Authenticated
public class AggregateNodeResource {

  private final NodeService nodes;
  private final Tenant tenant;

  AggregateNodeResource(NodeService nodes, Tenant tenant) {
    this.nodes = nodes;
    this.tenant = tenant;
  }

  @GET
  public Uni<Paged<AggregateNodeResponse>> list(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return nodes.page(
        tenant.workspaceId(),
        NodeType.AGGREGATE,
        PageRequest.small(page, size),
        AggregateNodeResponse::of);
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @POST
  @ResponseStatus(201)
  @APIResponse(
      responseCode = "201",
      description = "The new aggregate node (state NEW)",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = AggregateNodeResponse.class)))
  public Uni<AggregateNodeResponse> create(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull AggregateNodeRequest body) {
    tenant.requireStaff();
    return nodes.createAggregate(tenant.workspaceId(), body).map(AggregateNodeResponse::of);
  }

  @GET
  @Path("/{aggregateNodeId}")
  public Uni<AggregateNodeResponse> get(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("aggregateNodeId") String aggregateNodeId) {
    return nodes
        .findAggregate(tenant.workspaceId(), id(aggregateNodeId))
        .map(AggregateNodeResponse::of);
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @PUT
  @Path("/{aggregateNodeId}")
  public Uni<AggregateNodeResponse> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("aggregateNodeId") String aggregateNodeId,
      @Valid @NotNull AggregateNodeRequest body) {
    tenant.requireStaff();
    return nodes
        .modifyAggregate(tenant.workspaceId(), id(aggregateNodeId), body)
        .map(AggregateNodeResponse::of);
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @PUT
  @Path("/{aggregateNodeId}/state")
  public Uni<StateBody> changeState(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("aggregateNodeId") String aggregateNodeId,
      @Valid @NotNull StateBody body) {
    tenant.requireStaff();
    return nodes
        .changeState(tenant.workspaceId(), id(aggregateNodeId), body.state())
        .map(n -> new StateBody(n.state()));
  }

  /** A malformed node id answers 404 "node not found <id>", like an unknown one (spec §5). */
  private static UUID id(String raw) {
    return NodeService.nodeId(raw);
  }
}
