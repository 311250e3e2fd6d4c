package io.customer360.customer;

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

  private final CustomerService customers;
  private final Tenant tenant;

  EntryCustomersResource(CustomerService customers, Tenant tenant) {
    this.customers = customers;
    this.tenant = tenant;
  }

  /** Only entry customers of nodes the caller may read are listed; 10 a page, at most 100. */
  @GET
  public Uni<Paged<ObjectNode>> list(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return customers.entryCustomers(tenant, customerId, PageRequest.of(page, size, 10, 1000, 100));
  }
}
