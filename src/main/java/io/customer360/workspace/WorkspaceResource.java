package io.customer360.workspace;

import io.customer360.common.ApiException;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.security.Caller;
import io.customer360.security.CallerResolver;
import io.customer360.security.Roles;
import io.customer360.workspace.WorkspaceRequests.CreateWorkspaceRequest;
import io.customer360.workspace.WorkspaceRequests.WorkspaceResponse;
import io.customer360.workspace.WorkspaceRequests.WorkspaceStatusBody;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Workspace provisioning. Creating and changing status are for ADMIN and CLAB_OPERATOR. */
@Path("/hub/v1/workspaces")
@Tag(name = "Workspaces provisioning")
@Authenticated
public class WorkspaceResource {

  private final WorkspaceService workspaces;
  private final CallerResolver callers;
  private final NodePermissions users;
  private final Tenant tenant;

  WorkspaceResource(
      WorkspaceService workspaces, CallerResolver callers, NodePermissions users, Tenant tenant) {
    this.workspaces = workspaces;
    this.callers = callers;
    this.users = users;
    this.tenant = tenant;
  }

  /**
   * Lists the workspaces the caller can see (all of them for staff, its own for a source, those
   * with a node permission for a person); {@code totalUnfilteredElements} ignores name and group.
   */
  @GET
  public Uni<Paged<WorkspaceResponse>> list(
      @QueryParam("name") String name,
      @QueryParam("groupPk") Long groupPk,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    PageRequest request = PageRequest.small(page, size);
    return callers
        .current()
        .chain(this::visibleWorkspaces)
        .chain(visible -> workspaces.list(blankToNull(name), groupPk, visible, request));
  }

  private Uni<List<UUID>> visibleWorkspaces(Caller caller) {
    if (caller.isStaff()) {
      return Uni.createFrom().nullItem();
    }
    if (caller.isSource()) {
      return Uni.createFrom().item(List.of(caller.sourceWorkspaceId()));
    }
    return users.workspacesOf(caller.userId());
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @POST
  @ResponseStatus(201)
  @APIResponse(
      responseCode = "201",
      description = "The new workspace",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = WorkspaceResponse.class)))
  public Uni<WorkspaceResponse> create(@Valid @NotNull CreateWorkspaceRequest body) {
    return callers
        .current()
        .invoke(
            caller -> {
              if (!caller.isStaff()) {
                throw ApiException.forbidden("Only ADMIN or CLAB_OPERATOR may create workspaces");
              }
            })
        .chain(() -> workspaces.create(body))
        .map(WorkspaceResponse::of);
  }

  @GET
  @Path("/{workspaceId}")
  public WorkspaceResponse get(@PathParam("workspaceId") String workspaceId) {
    return WorkspaceResponse.of(tenant.workspace());
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @PUT
  @Path("/{workspaceId}/status")
  public Uni<WorkspaceStatusBody> changeStatus(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull WorkspaceStatusBody body) {
    tenant.requireStaff();
    return workspaces
        .changeStatus(tenant.workspaceId(), body.status())
        .map(w -> new WorkspaceStatusBody(w.status()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
