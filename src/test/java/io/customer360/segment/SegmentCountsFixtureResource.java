package io.customer360.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Test fixture: exposes {@link SegmentService#contactCount} and {@link SegmentService#largest} (the
 * calls the Customer 360 dialect makes) over HTTP, so the tests reach them through the real request
 * path (tenant filter, sessions on the event loop).
 */
@Path("/hub/v1/workspaces/{workspaceId}/fixtures/segments")
@Tag(name = "Segments")
public class SegmentCountsFixtureResource {

  private final SegmentService segments;
  private final NodeService nodes;
  private final Tenant tenant;

  SegmentCountsFixtureResource(SegmentService segments, NodeService nodes, Tenant tenant) {
    this.segments = segments;
    this.nodes = nodes;
    this.tenant = tenant;
  }

  @GET
  @Path("/{segmentId}/count")
  @Operation(
      operationId = "fixtureSegmentCount",
      summary = "Test fixture: a segment's count",
      description = "SegmentService.contactCount on a node: {count}")
  @APIResponse(responseCode = "200", description = "{count}")
  public Uni<JsonNode> count(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("segmentId") UUID segmentId,
      @QueryParam("nodeId") UUID nodeId) {
    return segments
        .find(tenant.workspaceId(), segmentId)
        .chain(
            segment ->
                nodes
                    .find(tenant.workspaceId(), nodeId)
                    .chain(node -> segments.contactCount(tenant.workspace(), node, segment)))
        .map(n -> (JsonNode) JsonNodeFactory.instance.objectNode().put("count", n));
  }

  @GET
  @Path("/largest")
  @Operation(
      operationId = "fixtureLargestSegments",
      summary = "Test fixture: the largest segments",
      description = "SegmentService.largest on a node: [{id, name, contactCount}]")
  @APIResponse(responseCode = "200", description = "[{id, name, contactCount}]")
  public Uni<JsonNode> largest(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("nodeId") UUID nodeId,
      @QueryParam("limit") Integer limit) {
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .chain(node -> segments.largest(tenant.workspace(), node, limit))
        .map(
            list -> {
              ArrayNode out = JsonNodeFactory.instance.arrayNode();
              for (SegmentService.SegmentCount c : list) {
                ObjectNode o = out.addObject();
                o.put("id", c.segment().id().toString());
                o.put("name", c.segment().name());
                o.put("contactCount", c.contactCount());
              }
              return out;
            });
  }
}
