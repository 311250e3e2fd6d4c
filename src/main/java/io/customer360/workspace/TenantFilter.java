package io.customer360.workspace;

import io.customer360.common.ApiException;
import io.customer360.common.Ids;
import io.customer360.security.Caller;
import io.customer360.security.CallerResolver;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one check before any workspace-scoped resource: the caller is authenticated, may see the
 * workspace (another workspace answers 404, as an unknown id would), and is within the workspace's
 * request limit.
 */
public class TenantFilter {

  private final CallerResolver callers;
  private final WorkspaceService workspaces;
  private final NodePermissions users;
  private final Throttle throttle;
  private final Tenant tenant;

  TenantFilter(
      CallerResolver callers,
      WorkspaceService workspaces,
      NodePermissions users,
      Throttle throttle,
      Tenant tenant) {
    this.callers = callers;
    this.workspaces = workspaces;
    this.users = users;
    this.throttle = throttle;
    this.tenant = tenant;
  }

  @ServerRequestFilter
  public Uni<Response> enterWorkspace(ContainerRequestContext request) {
    String raw = request.getUriInfo().getPathParameters().getFirst("workspaceId");
    if (raw == null) {
      return Uni.createFrom().nullItem();
    }
    return callers
        .current()
        .chain(caller -> enter(caller, Ids.uuid("workspaceId", raw)))
        .chain(throttle::count)
        .replaceWith((Response) null);
  }

  private Uni<Workspace> enter(Caller caller, UUID workspaceId) {
    if (caller.isSource() && !caller.sourceWorkspaceId().equals(workspaceId)) {
      return Uni.createFrom().failure(ApiException.notFound("Workspace"));
    }
    return workspaces
        .find(workspaceId)
        .chain(
            workspace -> {
              if (caller.isSource() && workspace.status() != WorkspaceStatus.ENABLED) {
                throw ApiException.forbidden("The workspace is " + workspace.status());
              }
              if (caller.isStaff() || caller.isSource()) {
                tenant.enter(workspace, caller, Map.of());
                return Uni.createFrom().item(workspace);
              }
              return users
                  .permissions(caller.userId(), workspaceId)
                  .map(
                      permissions -> {
                        if (permissions.isEmpty()) {
                          throw ApiException.notFound("Workspace");
                        }
                        tenant.enter(workspace, caller, permissions);
                        return workspace;
                      });
            });
  }
}
