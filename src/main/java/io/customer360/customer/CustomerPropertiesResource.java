package io.customer360.customer;

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
  public ObjectNode schema(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("resolveReferences") Boolean resolveReferences) {
    return properties.jsonSchema(tenant.workspace(), Boolean.TRUE.equals(resolveReferences));
  }

  @GET
  @Path("/base")
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
  public Uni<BaseProperty> modifyBase(
      @PathParam("workspaceId") String workspaceId, @PathParam("name") String name, byte[] body) {
    ObjectNode b = bodies.object(body, Set.of("name", "description", "enabled"));
    return properties.setBase(tenant, name, b);
  }

  /** P6: {@code {value: boolean}}; answers {@code {value}}. */
  @PUT
  @Path("/base/{baseProperty}/enabled")
  @Consumes(MediaType.APPLICATION_JSON)
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
  public JsonNode extended(@PathParam("workspaceId") String workspaceId) {
    return properties.extended(tenant.workspace());
  }

  @PUT
  @Path("/extended")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<JsonNode> modifyExtended(@PathParam("workspaceId") String workspaceId, byte[] body) {
    return properties.replaceExtended(tenant, bodies.object(body));
  }
}
