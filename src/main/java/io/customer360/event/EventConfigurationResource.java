package io.customer360.event;

import static io.customer360.event.EventApiDocs.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.event.EventRequests.EnabledValue;
import io.customer360.event.EventRequests.EventConfiguration;
import io.customer360.event.EventRequests.MaxBytes;
import io.customer360.event.EventRequests.PlanModelResponse;
import io.customer360.event.EventRequests.ProductsUpdatePolicy;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * E1-E12, R4-R6: the workspace's event configuration, with the products' policy and extended
 * properties (spec §1.4 groups them: products exist only inside events).
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration")
@Tag(
    name = "Events configuration",
    description =
        "The workspace's event configuration (spec E1-E12, R4-R6): event types, their schemas and state, payload limits, consent and product policies, product extended properties")
@Authenticated
public class EventConfigurationResource {

  private final EventConfigurationService config;
  private final Tenant tenant;

  EventConfigurationResource(EventConfigurationService config, Tenant tenant) {
    this.config = config;
    this.tenant = tenant;
  }

  @GET
  @Path("/events")
  @Operation(
      operationId = "listEventConfigurations",
      summary = "List the event types as configured (E1)")
  @APIResponse(responseCode = "200", description = "A page of event types")
  public Paged<EventConfiguration> list(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("resolveReferences") String resolveReferences,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    PageRequest request = PageRequest.small(page, size);
    boolean resolve = ConfigurationBodies.flag(resolveReferences, "resolveReferences");
    List<EventConfiguration> all =
        Arrays.stream(EventType.values())
            .map(t -> config.configuration(tenant.workspace(), t, resolve))
            .toList();
    int from = (int) Math.min(all.size(), request.offset());
    int to = Math.min(all.size(), from + request.size());
    return Paged.of(all.subList(from, to), request, all.size());
  }

  @GET
  @Path("/events/{eventType}")
  @Operation(
      operationId = "getEventConfiguration",
      summary = "Read one event type's configuration (E2)")
  @APIResponse(
      responseCode = "200",
      description = "The event type",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = EventConfiguration.class)))
  public EventConfiguration get(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @QueryParam("resolveReferences") String resolve) {
    return config.configuration(
        tenant.workspace(),
        EventConfigurationService.type(eventType),
        ConfigurationBodies.flag(resolve, "resolveReferences"));
  }

  /** E3, deprecated in favour of E7: only {@code enabled} can change. */
  @PUT
  @Path("/events/{eventType}")
  @Operation(
      operationId = "modifyEventConfiguration",
      summary = "Change an event type (E3, deprecated: only enabled changes)")
  @RequestBody(
      required = true,
      description = "The event type; only enabled may differ",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = EventConfiguration.class)))
  @APIResponse(
      responseCode = "200",
      description = "The event type as changed",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = EventConfiguration.class)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<EventConfiguration> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @QueryParam("resolveReferences") String resolve,
      @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    boolean resolved = ConfigurationBodies.flag(resolve, "resolveReferences");
    return config.modify(
        tenant.workspaceId(), EventConfigurationService.type(eventType), body, resolved);
  }

  @GET
  @Path("/events/{eventType}/properties")
  @Operation(
      operationId = "getEventPropertiesSchema",
      summary = "Read the JSON Schema of an event type's properties (E4)")
  @APIResponse(
      responseCode = "200",
      description = "A JSON Schema",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  public JsonNode properties(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @QueryParam("resolveReferences") String resolve) {
    ConfigurationBodies.flag(resolve, "resolveReferences");
    return config.propertiesSchema(tenant.workspace(), EventConfigurationService.type(eventType));
  }

  @GET
  @Path("/events/{eventType}/properties/extended")
  @Operation(
      operationId = "getEventExtendedProperties",
      summary = "Read an event type's extended properties (E5)")
  @APIResponse(
      responseCode = "200",
      description = "The extended properties schema",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  public JsonNode extended(
      @PathParam("workspaceId") String workspaceId, @PathParam("eventType") String eventType) {
    return config.extended(tenant.workspace(), EventConfigurationService.type(eventType));
  }

  @PUT
  @Path("/events/{eventType}/properties/extended")
  @Operation(
      operationId = "modifyEventExtendedProperties",
      summary = "Replace an event type's extended properties (E6)")
  @RequestBody(
      required = true,
      description = "The extended properties schema",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "The extended properties schema as stored",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<JsonNode> modifyExtended(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyExtended(tenant, EventConfigurationService.type(eventType), body);
  }

  /** E7: {@code {"value": true|false}}. */
  @PUT
  @Path("/events/{eventType}/enabled")
  @Operation(operationId = "enableEventType", summary = "Enable or disable an event type (E7)")
  @RequestBody(
      required = true,
      description = "{\"value\": true|false}",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EnabledValue.class)))
  @APIResponse(
      responseCode = "200",
      description = "The new state",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EnabledValue.class)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<EnabledValue> enable(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    EventType t = EventConfigurationService.type(eventType);
    return config.modifyEnabled(tenant.workspaceId(), t, body).map(EnabledValue::new);
  }

  @GET
  @Path("/payload-size")
  @Operation(
      operationId = "getPayloadSizes",
      summary = "Read the payload limit of each event type (R5)")
  @APIResponse(
      responseCode = "200",
      description = "Event type to its limit in bytes",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  public Map<String, MaxBytes> payloadSizes(@PathParam("workspaceId") String workspaceId) {
    return config.payloadSizes(tenant.workspace());
  }

  @PUT
  @Path("/payload-size")
  @Operation(operationId = "modifyPayloadSizes", summary = "Set payload limits per event type (R5)")
  @RequestBody(
      required = true,
      description = "Event type to {\"maxBytes\": n}",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "Event type to its limit in bytes",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<Map<String, MaxBytes>> modifyPayloadSizes(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyPayloadSizes(tenant.workspaceId(), body);
  }

  @PUT
  @Path("/consent-policy")
  @Operation(operationId = "modifyConsentPolicy", summary = "Replace the consent policy (R4)")
  @RequestBody(
      required = true,
      description = "Event type to the consent paths it requires",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "The consent policy as stored",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<JsonNode> modifyConsentPolicy(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyConsentPolicy(tenant.workspaceId(), body);
  }

  @GET
  @Path("/products/update-policy")
  @Operation(
      operationId = "getProductsUpdatePolicy",
      summary = "Read the event types that update products (E8)")
  @APIResponse(
      responseCode = "200",
      description = "The policy",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = ProductsUpdatePolicy.class)))
  public ProductsUpdatePolicy productsUpdatePolicy(@PathParam("workspaceId") String workspaceId) {
    return new ProductsUpdatePolicy(config.productsUpdatePolicy(tenant.workspace()));
  }

  @PUT
  @Path("/products/update-policy")
  @Operation(
      operationId = "modifyProductsUpdatePolicy",
      summary = "Set the event types that update products (E9)")
  @RequestBody(
      required = true,
      description = "{\"eventTypes\": [...] or null}",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = ProductsUpdatePolicy.class)))
  @APIResponse(
      responseCode = "200",
      description = "The policy as stored",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = ProductsUpdatePolicy.class)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<ProductsUpdatePolicy> modifyProductsUpdatePolicy(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config
        .modifyProductsUpdatePolicy(tenant.workspaceId(), body)
        .map(ProductsUpdatePolicy::new);
  }

  @GET
  @Path("/products/properties/extended")
  @Operation(
      operationId = "getProductExtendedProperties",
      summary = "Read the products' extended properties (E11)")
  @APIResponse(
      responseCode = "200",
      description = "The extended properties schema ({} until one is stored)",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  public JsonNode productExtended(@PathParam("workspaceId") String workspaceId) {
    return config.productExtended(tenant.workspace());
  }

  /**
   * E12: the same rules as E6 (and the customers' P5); events then check {@code
   * properties.products[].extended} against the stored schema.
   */
  @PUT
  @Path("/products/properties/extended")
  @Operation(
      operationId = "modifyProductExtendedProperties",
      summary = "Replace the products' extended properties (E12)")
  @RequestBody(
      required = true,
      description = "The extended properties schema",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "The extended properties schema as stored",
      content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<JsonNode> modifyProductExtended(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyProductExtended(tenant, body);
  }

  @GET
  @Path("/plan-models/{planModel}")
  @Operation(operationId = "getPlanModel", summary = "Read a plan model's fields (E10)")
  @APIResponse(
      responseCode = "200",
      description = "The plan model",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = PlanModelResponse.class)))
  public PlanModelResponse planModel(
      @PathParam("workspaceId") String workspaceId, @PathParam("planModel") String planModel) {
    PlanModel model;
    try {
      model = PlanModel.valueOf(planModel);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "planModel", "must be one of " + Arrays.toString(PlanModel.values()));
    }
    return config.planModel(tenant.workspace(), model);
  }
}
