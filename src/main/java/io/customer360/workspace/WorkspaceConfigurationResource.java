package io.customer360.workspace;

import io.customer360.security.Roles;
import io.customer360.workspace.WorkspaceRequests.Throttling;
import io.customer360.workspace.WorkspaceRequests.WorkspaceConfigurationRequest;
import io.customer360.workspace.WorkspaceRequests.WorkspaceConfigurationResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The workspace configuration (spec: configuration): settings incl. {@code defaultPhoneRegion}, and
 * throttling (staff only).
 */
@Path("/hub/v1/workspaces/{workspaceId}/configuration")
@Tag(name = "Workspace configuration")
@Authenticated
public class WorkspaceConfigurationResource {

  private final WorkspaceService workspaces;
  private final Tenant tenant;

  WorkspaceConfigurationResource(WorkspaceService workspaces, Tenant tenant) {
    this.workspaces = workspaces;
    this.tenant = tenant;
  }

  @GET
  public WorkspaceConfigurationResponse get(@PathParam("workspaceId") String workspaceId) {
    return workspaces.configuration(tenant.workspace());
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @PUT
  public Uni<WorkspaceConfigurationResponse> modify(
      @PathParam("workspaceId") String workspaceId,
      @Valid @NotNull WorkspaceConfigurationRequest body) {
    tenant.requireConfigurationWrite();
    if (body.isCustomer360() != null
        && body.isCustomer360() != tenant.workspace().isCustomer360()) {
      tenant.requireStaff();
    }
    return workspaces
        .replaceConfiguration(tenant.workspaceId(), body, tenant.workspace().isCustomer360())
        .map(workspaces::configuration);
  }

  @GET
  @Path("/throttling")
  public Throttling throttling(@PathParam("workspaceId") String workspaceId) {
    return new Throttling(tenant.workspace().maxRequestsPerMinute());
  }

  /** Throttling protects the platform, so only ADMIN and CLAB_OPERATOR change it. */
  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @PUT
  @Path("/throttling")
  public Uni<Throttling> modifyThrottling(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull Throttling body) {
    tenant.requireStaff();
    return workspaces
        .updateSettings(
            tenant.workspaceId(),
            Map.of(WorkspaceSettings.MAX_REQUESTS_PER_MINUTE, body.maxRequestsPerMinute()))
        .map(w -> new Throttling(w.maxRequestsPerMinute()));
  }
}
