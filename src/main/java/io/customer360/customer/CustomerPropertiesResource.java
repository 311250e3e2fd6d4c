package io.customer360.customer;

import static io.customer360.customer.CustomerApiSchemas.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.customer.CustomerPropertiesService.BaseProperty;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Customer base and extended properties configuration (P1-P6). */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/properties")
@Tag(name = "Customer properties")
@Authenticated
public class CustomerPropertiesResource {

  public record BasePropertyList(List<BaseProperty> elements) {}

  public record EnabledValue(Boolean value) {}

  private final CustomerPropertiesService properties;
  private final CustomerBodies bodies;
  private final Tenant tenant;

  CustomerPropertiesResource(
      CustomerPropertiesService properties, CustomerBodies bodies, Tenant tenant) {
    this.properties = properties;
    this.bodies = bodies;
    this.tenant = tenant;
  }

  @GET
  @Operation(
      operationId = "getCustomerSchema",
      summary = "The JSON schema of customers in this workspace (P1)")
  @APIResponse(
      responseCode = "200",
      description = "A JSON schema (draft 2020-12) of the customer body",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = FreeObject.class)))
  public ObjectNode schema(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("resolveReferences") Boolean resolveReferences) {
    return properties.jsonSchema(tenant.workspace(), Boolean.TRUE.equals(resolveReferences));
  }

  @GET
  @Path("/base")
  @Operation(
      operationId = "listBaseProperties",
      summary = "List the base properties and whether each is enabled (P3)")
  @APIResponse(
      responseCode = "200",
      description = "The base properties",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = BasePropertyList.class)))
  public BasePropertyList base(@PathParam("workspaceId") String workspaceId) {
    return new BasePropertyList(properties.baseProperties(tenant.workspace()));
  }

  /**
   * P2: {@code {name, description, enabled}}; only {@code enabled} changes. Any other property, a
   * name other than the path's, or a description other than the platform's is a 400 (issue 13,
   * fault 12: nothing sent is dropped silently).
   */
  @PUT
  @Path("/base/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "modifyBaseProperty", summary = "Enable or disable a base property (P2)")
  @RequestBody(
      required = true,
      description = "The base property; only enabled changes",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = BasePropertyRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The base property",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BaseProperty.class)))
  @APIResponse(responseCode = "404", description = PROPERTY_NOT_FOUND)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<BaseProperty> modifyBase(
      @PathParam("workspaceId") String workspaceId, @PathParam("name") String name, byte[] body) {
    ObjectNode b = bodies.object(body, Set.of("name", "description", "enabled"));
    return properties.setBase(tenant, name, b);
  }

  /** P6: {@code {value: boolean}}; answers {@code {value}}. */
  @PUT
  @Path("/base/{baseProperty}/enabled")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "modifyBasePropertyEnabled",
      summary = "Enable or disable a base property (P6)")
  @RequestBody(
      required = true,
      description = "{value: boolean}",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EnabledValue.class)))
  @APIResponse(
      responseCode = "200",
      description = "The new value",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EnabledValue.class)))
  @APIResponse(responseCode = "404", description = PROPERTY_NOT_FOUND)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<EnabledValue> modifyBaseEnabled(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("baseProperty") String name,
      byte[] body) {
    ObjectNode b = bodies.object(body, Set.of("value"));
    return properties
        .setBaseEnabled(tenant, name, CustomerPropertiesService.requiredBoolean(b, "value"))
        .map(p -> new EnabledValue(p.enabled()));
  }

  @GET
  @Path("/extended")
  @Operation(
      operationId = "getExtendedProperties",
      summary = "The workspace's extended customer properties (P4)")
  @APIResponse(
      responseCode = "200",
      description = "The extended properties' JSON schema",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = FreeObject.class)))
  public JsonNode extended(@PathParam("workspaceId") String workspaceId) {
    return properties.extended(tenant.workspace());
  }

  @PUT
  @Path("/extended")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "replaceExtendedProperties",
      summary = "Replace the workspace's extended customer properties (P5)")
  @RequestBody(
      required = true,
      description = "The extended properties' JSON schema",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = FreeObject.class)))
  @APIResponse(
      responseCode = "200",
      description = "The extended properties' JSON schema",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = FreeObject.class)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<JsonNode> modifyExtended(@PathParam("workspaceId") String workspaceId, byte[] body) {
    return properties.replaceExtended(tenant, bodies.object(body));
  }
}
