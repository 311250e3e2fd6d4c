package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Customer sub-resources: subscriptions (SB1-SB4), educations, jobs and likes (by item id), and
 * manual tags (POST {tag} adds, DELETE /tags/{tag} removes; a tag body with any other property is a
 * 400, issue 13 fault 12).
 */
@Path("/hub/v1/workspaces/{workspaceId}/customers/{customerId}")
@Tag(name = "Customers")
@Authenticated
public class CustomerItemsResource {

  private final CustomerItemsService items;
  private final CustomerBodies bodies;
  private final Tenant tenant;

  CustomerItemsResource(CustomerItemsService items, CustomerBodies bodies, Tenant tenant) {
    this.items = items;
    this.bodies = bodies;
    this.tenant = tenant;
  }

  @GET
  @Path("/{collection: educations|jobs|likes|subscriptions}")
  public Uni<ObjectNode> list(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("collection") String collection) {
    return items
        .list(tenant, customerId, collection)
        .map(
            all -> {
              ObjectNode out = JsonNodeFactory.instance.objectNode();
              out.putArray("elements").addAll(all);
              return out;
            });
  }

  @POST
  @Path("/{collection: educations|jobs|likes|subscriptions}")
  @Consumes(MediaType.APPLICATION_JSON)
  @ResponseStatus(201)
  public Uni<JsonNode> create(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("collection") String collection,
      byte[] body) {
    return items.create(tenant, customerId, collection, bodies.customer(body));
  }

  @GET
  @Path("/{collection: educations|jobs|likes|subscriptions}/{itemId}")
  public Uni<JsonNode> get(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("collection") String collection,
      @PathParam("itemId") String itemId) {
    return items.find(tenant, customerId, collection, itemId);
  }

  @PUT
  @Path("/{collection: educations|jobs|likes|subscriptions}/{itemId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<JsonNode> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("collection") String collection,
      @PathParam("itemId") String itemId,
      byte[] body) {
    return items.modify(tenant, customerId, collection, itemId, bodies.customer(body));
  }

  @DELETE
  @Path("/{collection: educations|jobs|likes|subscriptions}/{itemId}")
  public Uni<JsonNode> delete(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("collection") String collection,
      @PathParam("itemId") String itemId) {
    return items.delete(tenant, customerId, collection, itemId);
  }

  @POST
  @Path("/tags")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<JsonNode> addTag(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      byte[] body) {
    JsonNode tag = bodies.object(body, Set.of("tag")).path("tag");
    return items.addTag(tenant, customerId, tag.isTextual() ? tag.asText() : null);
  }

  @DELETE
  @Path("/tags/{tag}")
  public Uni<JsonNode> removeTag(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("tag") String tag) {
    return items.removeTag(tenant, customerId, tag);
  }
}
