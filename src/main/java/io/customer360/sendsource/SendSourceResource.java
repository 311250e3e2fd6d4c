package io.customer360.sendsource;

import io.customer360.common.Elements;
import io.customer360.sendsource.SendSourceResponses.SendSubscription;
import io.customer360.sendsource.SendSourceResponses.SubscriberField;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SS1 and SS2 (spec §1.17): the subscriptions and subscriber fields of the workspace's send source
 * of a Contactsend user DB. Any member of the workspace reads them, as it reads the source list.
 */
@Path("/hub/v1/workspaces/{workspaceId}/send-sources/{subscriberSourceId}")
@Tag(name = "Send sources")
@Authenticated
public class SendSourceResource {

  static final String JSON = "application/json";

  private final SendSourceService sendSources;
  private final Tenant tenant;

  SendSourceResource(SendSourceService sendSources, Tenant tenant) {
    this.sendSources = sendSources;
    this.tenant = tenant;
  }

  /** The {elements} answers, for the OpenAPI document. */
  @Schema(name = "SendSubscriptions")
  public record SendSubscriptions(List<SendSubscription> elements) {}

  @Schema(name = "SubscriberFields")
  public record SubscriberFields(List<SubscriberField> elements) {}

  /**
   * SS1: {@code {elements:[{id, name, registrationField}]}} from the source's {@code
   * sendSubscriptions}; 404 when the workspace has no send source of the user DB.
   */
  @GET
  @Path("/subscriptions")
  @Operation(
      operationId = "getSendSourceSubscriptions",
      summary = "Get send source subscriptions (SS1)")
  @APIResponse(
      responseCode = "200",
      description = "The subscriptions of the Contactsend user DB",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = SendSubscriptions.class)))
  @APIResponse(
      responseCode = "404",
      description = "No send source of this user DB in the workspace")
  @APIResponse(responseCode = "400", description = "groupPk is not a non-negative integer")
  public Uni<Elements<SendSubscription>> subscriptions(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("subscriberSourceId") String subscriberSourceId,
      @Parameter(
              description =
                  "The Contactsend customer group (a non-negative integer; else 400 naming it)",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("groupPk")
          String groupPk) {
    return sendSources.subscriptions(tenant, subscriberSourceId, groupPk).map(Elements::new);
  }

  /**
   * SS2: {@code {elements:[{name, type}]}} from the source's {@code subscriberFields}; 404 as SS1.
   */
  @GET
  @Path("/subscriber-fields")
  @Operation(
      operationId = "getSendSourceSubscriberFields",
      summary = "Get send source subscriber fields (SS2)")
  @APIResponse(
      responseCode = "200",
      description = "The subscriber fields of the Contactsend user DB",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = SubscriberFields.class)))
  @APIResponse(
      responseCode = "404",
      description = "No send source of this user DB in the workspace")
  @APIResponse(responseCode = "400", description = "groupPk is not a non-negative integer")
  public Uni<Elements<SubscriberField>> subscriberFields(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("subscriberSourceId") String subscriberSourceId,
      @Parameter(
              description =
                  "The Contactsend customer group (a non-negative integer; else 400 naming it)",
              schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
          @QueryParam("groupPk")
          String groupPk) {
    return sendSources.subscriberFields(tenant, subscriberSourceId, groupPk).map(Elements::new);
  }
}
