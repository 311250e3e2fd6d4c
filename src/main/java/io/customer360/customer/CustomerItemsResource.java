package io.customer360.customer;

import static io.customer360.customer.CustomerApiSchemas.*;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
  @Operation(
      operationId = "listCustomerItems",
      summary = "List a customer's educations, jobs, likes or subscriptions (SB1)")
  @APIResponse(
      responseCode = "200",
      description = "The items",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = ItemList.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
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
  @Operation(
      operationId = "createCustomerItem",
      summary = "Add an item to a customer collection (SB2)")
  @RequestBody(
      required = true,
      description = "The item; an id is assigned when it has none",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
  @APIResponse(
      responseCode = "201",
      description = "The added item",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = ITEM_CONFLICT)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<JsonNode> create(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("collection") String collection,
      byte[] body) {
    return items.create(tenant, customerId, collection, bodies.customer(body));
  }

  @GET
  @Path("/{collection: educations|jobs|likes|subscriptions}/{itemId}")
  @Operation(
      operationId = "getCustomerItem",
      summary = "Read an item of a customer collection (SB3)")
  @APIResponse(
      responseCode = "200",
      description = "The item",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
  @APIResponse(responseCode = "404", description = ITEM_NOT_FOUND)
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
  @Operation(
      operationId = "replaceCustomerItem",
      summary = "Replace an item of a customer collection (SB4)")
  @RequestBody(
      required = true,
      description = "The whole item; its id may only repeat the path's",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
  @APIResponse(
      responseCode = "200",
      description = "The replaced item",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
  @APIResponse(responseCode = "404", description = ITEM_NOT_FOUND)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
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
  @Operation(
      operationId = "deleteCustomerItem",
      summary = "Remove an item from a customer collection")
  @APIResponse(
      responseCode = "200",
      description = "The removed item",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Item.class)))
  @APIResponse(responseCode = "404", description = ITEM_NOT_FOUND)
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
  @Operation(operationId = "addCustomerTag", summary = "Add a manual tag")
  @RequestBody(
      required = true,
      description = "The tag",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = TagRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The customer's tags",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Tags.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<JsonNode> addTag(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      byte[] body) {
    JsonNode tag = bodies.object(body, Set.of("tag")).path("tag");
    return items.addTag(tenant, customerId, tag.isTextual() ? tag.asText() : null);
  }

  @DELETE
  @Path("/tags/{tag}")
  @Operation(operationId = "removeCustomerTag", summary = "Remove a manual tag")
  @APIResponse(
      responseCode = "200",
      description = "The customer's tags",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = Tags.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<JsonNode> removeTag(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("tag") String tag) {
    return items.removeTag(tenant, customerId, tag);
  }
}
