package io.customer360.node;

import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The workspace's default unique-customer policy, given to entry nodes created without one. */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/unique-customer-matching-policy")
@Tag(name = "Matching policies")
@Authenticated
public class MatchingPolicyResource {

  private final NodeService nodes;
  private final Tenant tenant;

  MatchingPolicyResource(NodeService nodes, Tenant tenant) {
    this.nodes = nodes;
    this.tenant = tenant;
  }

  @GET
  public Uni<MatchingPolicy> get(@PathParam("workspaceId") String workspaceId) {
    return nodes.defaultPolicy(tenant.workspace());
  }

  @PUT
  public Uni<MatchingPolicy> modify(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull MatchingPolicy body) {
    tenant.requireConfigurationWrite();
    return nodes.modifyDefaultPolicy(tenant.workspaceId(), body);
  }
}
