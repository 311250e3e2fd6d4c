package io.customer360.workspace;

import io.customer360.common.ApiException;
import io.customer360.security.Caller;
import io.customer360.security.CallerResolver;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one check before any workspace-scoped resource: the caller is authenticated (else 401), may
 * see the workspace (an unknown, malformed or foreign workspace id answers 403 "workspace not
 * found: &lt;id&gt;", spec §5), and is within the workspace's request limit (configuration by
 * ADMIN/CLAB_OPERATOR is never counted, issue 13 fault 17).
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
    boolean configuration = Throttle.isConfiguration(request.getMethod(), request.getUriInfo());
    return callers
        .current()
        .chain(caller -> enter(caller, workspaceId(raw), raw))
        .chain(workspace -> count(workspace, configuration))
        .replaceWith((Response) null);
  }

  private Uni<Void> count(Workspace workspace, boolean configuration) {
    if (configuration && tenant.caller().isStaff()) {
      return Uni.createFrom().voidItem();
    }
    return throttle.count(workspace);
  }

  private static UUID workspaceId(String raw) {
    try {
      UUID id = UUID.fromString(raw);
      return raw.length() == 36 ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Uni<Workspace> enter(Caller caller, UUID workspaceId, String raw) {
    if (workspaceId == null
        || caller.isSource() && !caller.sourceWorkspaceId().equals(workspaceId)) {
      return Uni.createFrom().failure(ApiException.workspaceNotFound(raw));
    }
    return workspaces
        .find(workspaceId)
        .onFailure(TenantFilter::isNotFound)
        .transform(e -> ApiException.workspaceNotFound(raw))
        .chain(workspace -> admit(caller, workspace));
  }

  private Uni<Workspace> admit(Caller caller, Workspace workspace) {
    if (caller.isSource() && workspace.status() != WorkspaceStatus.ENABLED) {
      throw ApiException.forbidden("The workspace is " + workspace.status());
    }
    if (caller.isStaff() || caller.isSource()) {
      tenant.enter(workspace, caller, Map.of());
      return Uni.createFrom().item(workspace);
    }
    return users
        .permissions(caller.userId(), workspace.id())
        .map(
            granted -> {
              if (granted.isEmpty()) {
                throw ApiException.workspaceNotFound(workspace.id());
              }
              tenant.enter(workspace, caller, granted);
              return workspace;
            });
  }

  private static boolean isNotFound(Throwable e) {
    return e instanceof ApiException a && a.status() == 404;
  }
}
