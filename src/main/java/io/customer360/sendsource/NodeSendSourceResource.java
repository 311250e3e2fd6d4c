package io.customer360.sendsource;

import io.customer360.sendsource.SendSourceResponses.SendSourceConfiguration;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SS4 (spec §1.17): the configuration of the send source feeding a node; needs read access to the
 * node.
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/nodes/{nodeId}/send-source-configuration")
@Tag(name = "Send sources")
@Authenticated
public class NodeSendSourceResource {

  private final SendSourceService sendSources;
  private final Tenant tenant;

  NodeSendSourceResource(SendSourceService sendSources, Tenant tenant) {
    this.sendSources = sendSources;
    this.tenant = tenant;
  }

  /**
   * SS4: the SendSourceConfiguration of the first send source feeding the node; 404 when the node
   * is unknown or foreign or no send source feeds it; 403 without R on it.
   */
  @GET
  @Operation(
      operationId = "getNodeSendSourceConfiguration",
      summary = "Get node send source configuration (SS4)")
  @APIResponse(
      responseCode = "200",
      description = "The configuration of the send source feeding the node",
      content =
          @Content(
              mediaType = SendSourceResource.JSON,
              schema = @Schema(implementation = SendSourceConfiguration.class)))
  @APIResponse(responseCode = "404", description = "No such node, or no send source feeds it")
  public Uni<SendSourceConfiguration> nodeConfiguration(
      @PathParam("workspaceId") String workspaceId, @PathParam("nodeId") String nodeId) {
    return sendSources.forNode(tenant, nodeId);
  }
}
