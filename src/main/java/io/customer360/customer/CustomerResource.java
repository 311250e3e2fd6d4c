package io.customer360.customer;

import static io.customer360.customer.CustomerApiSchemas.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Paged;
import io.customer360.security.Roles;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Customers of the native API (CU1-CU5, delete, export, forget). Bodies arrive as raw bytes so the
 * 64 kB payload limit is measured on the wire size.
 */
@Path("/hub/v1/workspaces/{workspaceId}/customers")
@Tag(name = "Customers")
@Authenticated
public class CustomerResource {

  static final String STRICT = "STRICT";

  private final CustomerService customers;
  private final CustomerQueryService queries;
  private final CustomerBodies bodies;
  private final Tenant tenant;

  CustomerResource(
      CustomerService customers,
      CustomerQueryService queries,
      CustomerBodies bodies,
      Tenant tenant) {
    this.customers = customers;
    this.queries = queries;
    this.bodies = bodies;
    this.tenant = tenant;
  }

  /**
   * 201 with the new customer; 200 with the existing customer when the request was merged into it
   * (the seed says the existing customer "will be updated", so the answer is that of an update and
   * the client can tell the two cases apart).
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createCustomer",
      summary = "Create a customer, or merge into the one with its unique key (CU2)")
  @RequestBody(
      required = true,
      description = "The customer; nodeId is required",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "Created: the new customer",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerResponse.class)))
  @APIResponse(
      responseCode = "200",
      description = "Merged into the customer of the node with the same unique key: that customer",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerResponse.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<Response> create(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("sessionId") String sessionId,
      byte[] body) {
    ObjectNode request = bodies.customer(body);
    return customers
        .create(tenant, request, sessionId)
        .map(
            w ->
                Response.status(w.created() ? 201 : 200)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(CustomerJson.render(w.customer()))
                    .build());
  }

  @GET
  @Operation(operationId = "searchCustomers", summary = "Search a node's customers (CU1)")
  @APIResponse(
      responseCode = "200",
      description = "A page of the node's customers (an aggregate node: its unified customers)",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CustomerPage.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  public Uni<Paged<ObjectNode>> search(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("nodeId") UUID nodeId,
      @QueryParam("externalId") String externalId,
      @QueryParam("query") String query,
      @QueryParam("fields") String fields,
      @QueryParam("sort") String sort,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return queries.searchPage(tenant, nodeId, externalId, query, fields, sort, page, size);
  }

  @GET
  @Path("/{customerId}")
  @Operation(operationId = "getCustomer", summary = "Read an entry or unified customer (CU3)")
  @APIResponse(
      responseCode = "200",
      description = "The customer",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerResponse.class)))
  @APIResponse(responseCode = "301", description = MOVED)
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<ObjectNode> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("customerId") UUID customerId) {
    return queries.findAny(tenant, customerId);
  }

  @PUT
  @Path("/{customerId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "replaceCustomer", summary = "Replace a customer (CU5)")
  @RequestBody(
      required = true,
      description = "The whole customer; nodeId is required and must be the customer's node",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The replaced customer",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerResponse.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<ObjectNode> replace(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @QueryParam("sessionId") String sessionId,
      @QueryParam("mode") String mode,
      byte[] body) {
    ObjectNode request = bodies.customer(body);
    return customers
        .replace(tenant, customerId, request, strict(mode), sessionId)
        .map(CustomerJson::render);
  }

  @PATCH
  @Path("/{customerId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "patchCustomer",
      summary = "Change some of a customer's properties (CU4)")
  @RequestBody(
      required = true,
      description = "The properties to change; objects merge, collections are replaced",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The changed customer",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerResponse.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<ObjectNode> patch(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @QueryParam("sessionId") String sessionId,
      @QueryParam("mode") String mode,
      byte[] body) {
    ObjectNode request = bodies.customer(body);
    return customers
        .patch(tenant, customerId, request, strict(mode), sessionId)
        .map(CustomerJson::render);
  }

  @DELETE
  @Path("/{customerId}")
  @Operation(operationId = "deleteCustomer", summary = "Delete a customer")
  @APIResponse(
      responseCode = "200",
      description = "The deleted customer as it was",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerResponse.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<ObjectNode> delete(
      @PathParam("workspaceId") String workspaceId, @PathParam("customerId") UUID customerId) {
    return customers.delete(tenant, customerId).map(CustomerJson::render);
  }

  @GET
  @Path("/{customerId}/export")
  @Operation(
      operationId = "exportCustomer",
      summary = "Export a customer with all their events (X1)")
  @APIResponse(
      responseCode = "200",
      description = "The customer and their events",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CustomerExport.class)))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<ObjectNode> export(
      @PathParam("workspaceId") String workspaceId, @PathParam("customerId") UUID customerId) {
    return queries.export(tenant, customerId);
  }

  @RolesAllowed({Roles.DPO, Roles.ADMIN})
  @POST
  @Path("/{customerId}/forget")
  @ResponseStatus(204)
  @Operation(
      operationId = "forgetCustomer",
      summary = "Forget a customer: their data, events and change-log data (F1; DPO, ADMIN)")
  @APIResponse(responseCode = "204", description = "Forgotten")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<Void> forget(
      @PathParam("workspaceId") String workspaceId, @PathParam("customerId") UUID customerId) {
    return customers.forget(tenant, customerId);
  }

  static boolean strict(String mode) {
    if (mode == null || mode.isBlank()) {
      return false;
    }
    if (!STRICT.equals(mode)) {
      throw ApiException.badRequest("mode", "must be STRICT when given");
    }
    return true;
  }
}
