package io.customer360.customer;

import static io.customer360.customer.CustomerApiSchemas.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A1: the entry customers that make up a unified (aggregate) customer, each in the customer API
 * JSON that GET answers ({@link CustomerJson}). 404 when the id is no unified customer of the
 * workspace, 301 to the survivor when it was merged away.
 */
@Path("/hub/v1/workspaces/{workspaceId}/customers/{customerId}/entry-customers")
@Tag(name = "Customers")
@Authenticated
public class EntryCustomersResource {

  private final CustomerQueryService customers;
  private final Tenant tenant;

  EntryCustomersResource(CustomerQueryService customers, Tenant tenant) {
    this.customers = customers;
    this.tenant = tenant;
  }

  /** Only entry customers of nodes the caller may read are listed; 10 a page, at most 100. */
  @GET
  @Operation(
      operationId = "listEntryCustomers",
      summary = "List the entry customers of a unified customer (A1)")
  @APIResponse(
      responseCode = "200",
      description = "A page of the entry customers the caller may read",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CustomerPage.class)))
  @APIResponse(responseCode = "301", description = MOVED)
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Uni<Paged<ObjectNode>> list(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return customers.entryCustomers(tenant, customerId, PageRequest.of(page, size, 10, 1000, 100));
  }
}
