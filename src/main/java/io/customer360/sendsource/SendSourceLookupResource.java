package io.customer360.sendsource;

import io.customer360.common.Elements;
import io.customer360.security.Roles;
import io.customer360.sendsource.SendSourceResponses.SendSourceConfiguration;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Contactsend lookups that name no workspace (spec §1.17 SS3, SS5, SS6): they read send sources
 * of every workspace, so only ADMIN and CLAB_OPERATOR (the roles that create send sources) may call
 * them; anyone else, source tokens included, gets 403.
 */
@Path("/hub/v1/send-sources")
@Tag(name = "Send sources")
@RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
public class SendSourceLookupResource {

  private final SendSourceService sendSources;

  SendSourceLookupResource(SendSourceService sendSources) {
    this.sendSources = sendSources;
  }

  /** The {elements} answer, for the OpenAPI document. */
  @Schema(name = "SendSourceConfigurations")
  public record SendSourceConfigurations(List<SendSourceConfiguration> elements) {}

  /** SS3: {@code {elements:[SendSourceConfiguration]}} of every workspace, in creation order. */
  @GET
  @Path("/configurations")
  @Operation(
      operationId = "listSendSourceConfigurations",
      summary = "List send source configurations of every workspace (SS3)")
  @APIResponse(
      responseCode = "200",
      description = "Every send source configuration",
      content =
          @Content(
              mediaType = SendSourceResource.JSON,
              schema = @Schema(implementation = SendSourceConfigurations.class)))
  @APIResponse(responseCode = "403", description = "Only ADMIN and CLAB_OPERATOR")
  public Uni<Elements<SendSourceConfiguration>> all() {
    return sendSources.all().map(Elements::new);
  }

  /**
   * SS5: the configuration of the first created enabled (else first created) send source of the
   * customer group and user DB; 404 when none (a non-numeric user DB matches nothing), 400 naming
   * {@code groupPk} when it is not a non-negative integer.
   */
  @GET
  @Path("/groups/{groupPk}/userdbs/{userdbId}/configuration")
  @Operation(
      operationId = "getSendSourceConfigurationByUserDb",
      summary = "Get send source configuration by user DB (SS5)")
  @APIResponse(
      responseCode = "200",
      description = "The configuration of the send source of this customer group and user DB",
      content =
          @Content(
              mediaType = SendSourceResource.JSON,
              schema = @Schema(implementation = SendSourceConfiguration.class)))
  @APIResponse(responseCode = "403", description = "Only ADMIN and CLAB_OPERATOR")
  @APIResponse(responseCode = "404", description = "No send source of this user DB")
  @APIResponse(responseCode = "400", description = "groupPk is not a non-negative integer")
  public Uni<SendSourceConfiguration> byUserdb(
      @PathParam("groupPk") String groupPk, @PathParam("userdbId") String userdbId) {
    return sendSources.byUserdb(groupPk, userdbId);
  }

  /**
   * SS6: {@code {elements:[SendSourceConfiguration]}} of the customer group, possibly empty; 400
   * naming {@code groupPk} when it is not a non-negative integer.
   */
  @GET
  @Path("/groups/{groupPk}/configurations")
  @Operation(
      operationId = "getSendSourceConfigurationsByGroup",
      summary = "Get send source configurations by customer group (SS6)")
  @APIResponse(
      responseCode = "200",
      description = "The send source configurations of the customer group (possibly none)",
      content =
          @Content(
              mediaType = SendSourceResource.JSON,
              schema = @Schema(implementation = SendSourceConfigurations.class)))
  @APIResponse(responseCode = "403", description = "Only ADMIN and CLAB_OPERATOR")
  @APIResponse(responseCode = "400", description = "groupPk is not a non-negative integer")
  public Uni<Elements<SendSourceConfiguration>> byGroup(@PathParam("groupPk") String groupPk) {
    return sendSources.byGroup(groupPk).map(Elements::new);
  }
}
