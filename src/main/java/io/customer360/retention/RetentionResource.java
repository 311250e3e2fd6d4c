package io.customer360.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.node.NodeService;
import io.customer360.node.NodeType;
import io.customer360.retention.RetentionResponses.EventRetention;
import io.customer360.retention.RetentionResponses.NodeRetentionPolicy;
import io.customer360.retention.RetentionResponses.RetentionState;
import io.customer360.retention.RetentionResponses.RetentionStatus;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Event retention (spec §1.5 R1–R3, §1.6 N2/N3, N9–N12). Reads: any caller of the workspace (a
 * node's policy needs read access to the node). Writes: the workspace policy is workspace
 * configuration (ADMIN, CLAB_OPERATOR); a node's policy is node configuration (staff, or RW on the
 * node, and for an aggregate node RW on each of its entry nodes too), never a source token.
 * Unknown, foreign or malformed node ids answer 404 "node not found &lt;id&gt;"; an aggregate node
 * on an entry-node route too.
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration")
@Tag(
    name = "Retention",
    description =
        "Event retention (spec R1-R3, N2/N3, N9-N12): months events are kept per event type, for the workspace and per node, the status of the workspace's events against them; a background purge removes expired events")
@Authenticated
public class RetentionResource {

  private static final String JSON = "application/json";
  private static final String POLICY_MAP =
      "Event type to {\"months\": n}: events are kept n calendar months after their date; 0 keeps"
          + " them forever (the default)";
  private static final String NODE_NOT_FOUND = "node not found <id>";

  private final RetentionService retention;
  private final Tenant tenant;

  RetentionResource(RetentionService retention, Tenant tenant) {
    this.retention = retention;
    this.tenant = tenant;
  }

  @GET
  @Path("/retention-policy")
  @Operation(
      operationId = "getRetentionPolicy",
      summary = "Read the workspace retention policy (R2)",
      description = POLICY_MAP + "; one entry per built-in event type.")
  @APIResponse(
      responseCode = "200",
      description = "Event type to its retention",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.PolicyMap.class)))
  public Map<String, EventRetention> workspacePolicy(@PathParam("workspaceId") String workspaceId) {
    return retention.workspacePolicy(tenant.workspace());
  }

  @PUT
  @Path("/retention-policy")
  @Operation(
      operationId = "modifyRetentionPolicy",
      summary = "Set the workspace retention policy (R3)",
      description =
          POLICY_MAP
              + ". The types named are set, the others keep their months. 400 names each unknown"
              + " type or months outside 0.."
              + RetentionRules.MAX_MONTHS
              + "; ADMIN or CLAB_OPERATOR only.")
  @RequestBody(
      required = true,
      description = "Event type to {\"months\": n}",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.PolicyMap.class)))
  @APIResponse(
      responseCode = "200",
      description = "The whole policy, one entry per built-in event type",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.PolicyMap.class)))
  public Uni<Map<String, EventRetention>> modifyWorkspacePolicy(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return retention.modifyWorkspacePolicy(tenant.workspaceId(), body);
  }

  @GET
  @Path("/retention-policy/status")
  @Operation(
      operationId = "getRetentionPolicyStatus",
      summary = "The workspace's events against their retention (R1)",
      description =
          "Node id (the node holding the events) to event type to {months, total, valid, expired,"
              + " oldestDate}: months that apply to that node and type (the node's enabled policy,"
              + " else the longest enabled policy of an aggregate node over it, else the"
              + " workspace's), how many events there are, how many are still kept (valid) and"
              + " past their retention (expired, waiting for the purge), and the oldest event's"
              + " date. Only node and type pairs holding events, of the nodes the caller may read.")
  @APIResponse(
      responseCode = "200",
      description = "Node id to event type to status",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.StatusMap.class)))
  public Uni<Map<String, Map<String, RetentionStatus>>> status(
      @PathParam("workspaceId") String workspaceId) {
    return retention.status(tenant);
  }

  @GET
  @Path("/nodes/{nodeId}/retention-policy")
  @Operation(
      operationId = "getNodeRetentionPolicy",
      summary = "Read a node's retention policy (N2)",
      description =
          "Entry or aggregate node. While enabled, the months it names replace the workspace's for"
              + " the events of the node (of its entry nodes for an aggregate node).")
  @APIResponse(
      responseCode = "200",
      description = "The node's policy",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = NodeRetentionPolicy.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<NodeRetentionPolicy> nodePolicy(
      @PathParam("workspaceId") String workspaceId, @PathParam("nodeId") String nodeId) {
    UUID id = NodeService.nodeId(nodeId);
    tenant.requireRead(id);
    return retention.nodePolicy(tenant.workspaceId(), id, null);
  }

  @PUT
  @Path("/nodes/{nodeId}/retention-policy")
  @Operation(
      operationId = "modifyNodeRetentionPolicy",
      summary = "Replace a node's retention policy (N3)",
      description =
          "{enabled (required), events}: events replaces the node's months by type (absent or"
              + " null: none of its own; types it does not name follow the workspace). ADMIN,"
              + " CLAB_OPERATOR, or RW on the node; for an aggregate node (whose policy applies to"
              + " its entry nodes' events) RW on every one of its entry nodes as well, else 403.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = NodeRetentionPolicy.class)))
  @APIResponse(
      responseCode = "200",
      description = "The node's policy",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = NodeRetentionPolicy.class)))
  @APIResponse(
      responseCode = "403",
      description = "The caller may not write the node, or (aggregate node) one of its entry nodes")
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<NodeRetentionPolicy> replaceNodePolicy(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      @NotNull JsonNode body) {
    UUID id = NodeService.nodeId(nodeId);
    tenant.requireNodeConfigurationWrite(List.of(id));
    return retention.replaceNodePolicy(
        tenant.workspaceId(), id, body, tenant::requireNodeConfigurationWrite);
  }

  @GET
  @Path("/nodes/entries/{nodeId}/retention-policy")
  @Operation(
      operationId = "getEntryNodeRetentionPolicy",
      summary = "Read an entry node's months by event type (N9)")
  @APIResponse(
      responseCode = "200",
      description = "Event type to its retention, the types the node sets",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.PolicyMap.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<Map<String, EventRetention>> entryNodeEvents(
      @PathParam("workspaceId") String workspaceId, @PathParam("nodeId") String nodeId) {
    UUID id = NodeService.nodeId(nodeId);
    tenant.requireRead(id);
    return retention.nodePolicy(tenant.workspaceId(), id, NodeType.ENTRY).map(p -> p.events());
  }

  @PUT
  @Path("/nodes/entries/{nodeId}/retention-policy")
  @Operation(
      operationId = "modifyEntryNodeRetentionPolicy",
      summary = "Replace an entry node's months by event type (N10)",
      description = POLICY_MAP + ". Replaces the node's map; its state (N12) is kept.")
  @RequestBody(
      required = true,
      description = "Event type to {\"months\": n}",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.PolicyMap.class)))
  @APIResponse(
      responseCode = "200",
      description = "Event type to its retention, the types the node sets",
      content =
          @Content(
              mediaType = JSON,
              schema = @Schema(implementation = RetentionResponses.PolicyMap.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<Map<String, EventRetention>> replaceEntryNodeEvents(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      @NotNull JsonNode body) {
    UUID id = NodeService.nodeId(nodeId);
    tenant.requireNodeConfigurationWrite(List.of(id));
    return retention.replaceEntryNodeEvents(tenant.workspaceId(), id, body);
  }

  @GET
  @Path("/nodes/entries/{nodeId}/retention-policy/state")
  @Operation(
      operationId = "getEntryNodeRetentionState",
      summary = "Read whether an entry node's policy applies (N11)")
  @APIResponse(
      responseCode = "200",
      description = "The state",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = RetentionState.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<RetentionState> entryNodeState(
      @PathParam("workspaceId") String workspaceId, @PathParam("nodeId") String nodeId) {
    UUID id = NodeService.nodeId(nodeId);
    tenant.requireRead(id);
    return retention
        .nodePolicy(tenant.workspaceId(), id, NodeType.ENTRY)
        .map(p -> new RetentionState(p.enabled()));
  }

  @PUT
  @Path("/nodes/entries/{nodeId}/retention-policy/state")
  @Operation(
      operationId = "modifyEntryNodeRetentionState",
      summary = "Switch an entry node's policy on or off (N12)",
      description = "{enabled: bool}; the node's months are kept while it is off.")
  @RequestBody(
      required = true,
      content = @Content(mediaType = JSON, schema = @Schema(implementation = RetentionState.class)))
  @APIResponse(
      responseCode = "200",
      description = "The state",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = RetentionState.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<RetentionState> changeEntryNodeState(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      @NotNull JsonNode body) {
    UUID id = NodeService.nodeId(nodeId);
    tenant.requireNodeConfigurationWrite(List.of(id));
    return retention.changeEntryNodeState(tenant.workspaceId(), id, body);
  }
}
