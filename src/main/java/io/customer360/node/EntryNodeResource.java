package io.customer360.node;

import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.node.NodeRequests.EntryNodeRequest;
import io.customer360.node.NodeRequests.EntryNodeResponse;
import io.customer360.security.Roles;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
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
 * Entry nodes (spec: nodes N*): list, create (staff), get, replace (RW), empty their data (RW) and
 * the deprecated unique-policy routes. Unknown or malformed ids answer 404 "node not found
 * &lt;id&gt;".
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/nodes/entries")
@Tag(name = "Nodes")
@Authenticated
public class EntryNodeResource {

  private final NodeService nodes;
  private final Tenant tenant;

  EntryNodeResource(NodeService nodes, Tenant tenant) {
    this.nodes = nodes;
    this.tenant = tenant;
  }

  @GET
  public Uni<Paged<EntryNodeResponse>> list(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return nodes.page(
        tenant.workspaceId(), NodeType.ENTRY, PageRequest.small(page, size), EntryNodeResponse::of);
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @POST
  @ResponseStatus(201)
  @APIResponse(
      responseCode = "201",
      description = "The new entry node",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = EntryNodeResponse.class)))
  public Uni<EntryNodeResponse> create(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull EntryNodeRequest body) {
    tenant.requireStaff();
    return nodes
        .defaultPolicy(tenant.workspace())
        .chain(
            policy ->
                nodes.createEntry(
                    tenant.workspaceId(),
                    body.uniqueCustomer() == null ? body.withUniqueCustomer(policy) : body))
        .map(EntryNodeResponse::of);
  }

  @GET
  @Path("/{nodeId}")
  public Uni<EntryNodeResponse> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("nodeId") String nodeId) {
    return nodes.findEntry(tenant.workspaceId(), id(nodeId)).map(EntryNodeResponse::of);
  }

  @PUT
  @Path("/{nodeId}")
  public Uni<EntryNodeResponse> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      @Valid @NotNull EntryNodeRequest body) {
    tenant.requireWrite(id(nodeId));
    return nodes.modifyEntry(tenant.workspaceId(), id(nodeId), body).map(EntryNodeResponse::of);
  }

  @DELETE
  @Path("/{nodeId}/data")
  public Uni<Void> empty(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      @QueryParam("eventsOnly") Boolean eventsOnly) {
    tenant.requireWrite(id(nodeId));
    return nodes.empty(tenant.workspaceId(), id(nodeId), Boolean.TRUE.equals(eventsOnly));
  }

  /** Deprecated route: use GET on the entry node. */
  @GET
  @Path("/{nodeId}/unique-customer-matching-policy")
  @Deprecated
  public Uni<MatchingPolicy> uniquePolicy(
      @PathParam("workspaceId") String workspaceId, @PathParam("nodeId") String nodeId) {
    return nodes.findEntry(tenant.workspaceId(), id(nodeId)).map(Node::uniquePolicy);
  }

  /** Deprecated route: use PUT on the entry node. */
  @PUT
  @Path("/{nodeId}/unique-customer-matching-policy")
  @Deprecated
  public Uni<MatchingPolicy> modifyUniquePolicy(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      @Valid @NotNull MatchingPolicy body) {
    tenant.requireWrite(id(nodeId));
    return nodes.modifyUniquePolicy(tenant.workspaceId(), id(nodeId), body);
  }

  /** A malformed node id answers 404 "node not found <id>", like an unknown one (spec §5). */
  private static UUID id(String raw) {
    return NodeService.nodeId(raw);
  }
}
