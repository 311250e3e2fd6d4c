package io.customer360.event;

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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** E1-E10, R4-R6: the workspace's event configuration. */
@Path("/hub/v1/workspaces/{workspaceId}/configuration")
@Tag(name = "Events configuration")
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
  public Paged<EventConfiguration> list(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("resolveReferences") boolean resolve,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    PageRequest request = PageRequest.small(page, size);
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
  public EventConfiguration get(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @QueryParam("resolveReferences") boolean resolve) {
    return config.configuration(
        tenant.workspace(), EventConfigurationService.type(eventType), resolve);
  }

  /** Deprecated in favour of PUT .../enabled; only {@code enabled} can change. */
  @PUT
  @Path("/events/{eventType}")
  public Uni<EventConfiguration> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @QueryParam("resolveReferences") boolean resolve,
      @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    EventType t = EventConfigurationService.type(eventType);
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body", "must be an object");
    }
    for (String immutable : List.of("id", "type")) {
      JsonNode v = body.get(immutable);
      if (v != null && !v.asText().equals(t.name())) {
        throw ApiException.badRequest(immutable, "is immutable");
      }
    }
    JsonNode enabled = body.path("enabled");
    if (!enabled.isMissingNode() && !enabled.isBoolean()) {
      throw ApiException.badRequest("enabled", "must be a boolean");
    }
    return config
        .setEnabled(tenant.workspaceId(), t, enabled.asBoolean(true))
        .chain(() -> reload())
        .map(w -> config.configuration(w, t, resolve));
  }

  @GET
  @Path("/events/{eventType}/properties")
  public JsonNode properties(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @QueryParam("resolveReferences") boolean resolve) {
    return config.propertiesSchema(tenant.workspace(), EventConfigurationService.type(eventType));
  }

  @GET
  @Path("/events/{eventType}/properties/extended")
  public JsonNode extended(
      @PathParam("workspaceId") String workspaceId, @PathParam("eventType") String eventType) {
    return config.extended(tenant.workspace(), EventConfigurationService.type(eventType));
  }

  @PUT
  @Path("/events/{eventType}/properties/extended")
  public Uni<JsonNode> modifyExtended(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyExtended(tenant, EventConfigurationService.type(eventType), body);
  }

  @PUT
  @Path("/events/{eventType}/enabled")
  public Uni<EnabledValue> enable(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("eventType") String eventType,
      @Valid @NotNull EnabledValue body) {
    tenant.requireConfigurationWrite();
    EventType t = EventConfigurationService.type(eventType);
    if (body == null || body.value() == null) {
      throw ApiException.badRequest("value", "must not be null");
    }
    return config.setEnabled(tenant.workspaceId(), t, body.value()).map(EnabledValue::new);
  }

  @GET
  @Path("/payload-size")
  public Map<String, MaxBytes> payloadSizes(@PathParam("workspaceId") String workspaceId) {
    return config.payloadSizes(tenant.workspace());
  }

  @PUT
  @Path("/payload-size")
  public Uni<Map<String, MaxBytes>> modifyPayloadSizes(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyPayloadSizes(tenant.workspaceId(), body);
  }

  @PUT
  @Path("/consent-policy")
  public Uni<JsonNode> modifyConsentPolicy(
      @PathParam("workspaceId") String workspaceId, @NotNull JsonNode body) {
    tenant.requireConfigurationWrite();
    return config.modifyConsentPolicy(tenant.workspaceId(), body);
  }

  @GET
  @Path("/products/update-policy")
  public ProductsUpdatePolicy productsUpdatePolicy(@PathParam("workspaceId") String workspaceId) {
    return new ProductsUpdatePolicy(config.productsUpdatePolicy(tenant.workspace()));
  }

  @PUT
  @Path("/products/update-policy")
  public Uni<ProductsUpdatePolicy> modifyProductsUpdatePolicy(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull ProductsUpdatePolicy body) {
    tenant.requireConfigurationWrite();
    return config
        .modifyProductsUpdatePolicy(tenant.workspaceId(), body == null ? null : body.eventTypes())
        .map(ProductsUpdatePolicy::new);
  }

  @GET
  @Path("/plan-models/{planModel}")
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

  private Uni<io.customer360.workspace.Workspace> reload() {
    return config.workspace(tenant.workspaceId());
  }
}
