package io.customer360.sendsource;

import io.customer360.sendsource.SendSourceResponses.SendSourceSubscription;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * N18 (spec §1.6): the send source subscriptions of an aggregate node's entry nodes; needs read
 * access to the aggregate node.
 */
@Path(
    "/hub/v1/workspaces/{workspaceId}/configuration/nodes/aggregates/{aggregateNodeId}/send-source-subscriptions")
@Tag(name = "Send sources")
@Authenticated
public class AggregateSendSubscriptionsResource {

  private final SendSourceService sendSources;
  private final Tenant tenant;

  AggregateSendSubscriptionsResource(SendSourceService sendSources, Tenant tenant) {
    this.sendSources = sendSources;
    this.tenant = tenant;
  }

  /**
   * N18: a plain array {@code [{subscriptionId, path, entryNodeName, entryNodeId, type}]}; 404 for
   * an unknown, foreign or non-aggregate node; 403 without R on it.
   */
  @GET
  @Operation(
      operationId = "listAggregateNodeSendSourceSubscriptions",
      summary = "List aggregate node send source subscriptions (N18)")
  @APIResponse(
      responseCode = "200",
      description = "The send source subscriptions of the aggregate node's entry nodes",
      content =
          @Content(
              mediaType = SendSourceResource.JSON,
              schema =
                  @Schema(type = SchemaType.ARRAY, implementation = SendSourceSubscription.class)))
  @APIResponse(responseCode = "404", description = "No such aggregate node")
  public Uni<List<SendSourceSubscription>> aggregateSubscriptions(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("aggregateNodeId") String aggregateNodeId) {
    return sendSources.aggregateSubscriptions(tenant, aggregateNodeId);
  }
}
