package io.customer360.node;

import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.node.NodeRequests.NodeSummary;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * All nodes of a workspace as summaries, optionally of one type (spec: nodes N1); the page carries
 * {@code totalUnfilteredElements} (every node of the workspace).
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/nodes")
@Tag(name = "Nodes")
@Authenticated
public class NodeResource {

  private final NodeService nodes;
  private final Tenant tenant;

  NodeResource(NodeService nodes, Tenant tenant) {
    this.nodes = nodes;
    this.tenant = tenant;
  }

  @GET
  public Uni<Paged<NodeSummary>> list(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("nodeType") NodeType nodeType,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return nodes.list(tenant.workspaceId(), nodeType, PageRequest.small(page, size));
  }
}
