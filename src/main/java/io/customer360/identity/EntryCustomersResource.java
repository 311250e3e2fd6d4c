package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
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

/** A1: the entry customers that make up a unified (aggregate) customer. */
@Path("/hub/v1/workspaces/{workspaceId}/customers/{customerId}/entry-customers")
@Tag(name = "Customers")
@Authenticated
public class EntryCustomersResource {

  private final IdentityService identity;
  private final Tenant tenant;

  EntryCustomersResource(IdentityService identity, Tenant tenant) {
    this.identity = identity;
    this.tenant = tenant;
  }

  /** Only entry customers of nodes the caller may read are listed. */
  @GET
  public Uni<Paged<JsonNode>> list(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    return identity.entryCustomers(
        tenant.workspaceId(),
        customerId,
        tenant.readableNodes(),
        PageRequest.of(page, size, 10, 1000, 100));
  }
}
