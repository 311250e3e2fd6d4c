package io.customer360.api.customer360;

import io.customer360.common.ApiException;
import io.customer360.security.Caller;
import io.customer360.security.CallerResolver;
import io.customer360.security.Permission;
import io.customer360.workspace.NodePermissions;
import io.customer360.workspace.Throttle;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The admission of every request of the Customer 360 dialect (DESIGN.md §7; spec customer360-api.md
 * "Access"), in this order:
 *
 * <ol>
 *   <li>{@code {locale}} unsupported: 404 (in English);
 *   <li>no valid token: 401; a source token: 403 (the API is for people);
 *   <li>the session's {@code isCustomer360} claim not true: 403;
 *   <li>the workspace: header {@code X-Workspace-Id}, else the token's {@code workspaceId} claim;
 *       neither: 400 naming {@code X-Workspace-Id}, a malformed one likewise; unknown, or a person
 *       without any node permission there: 404 (the two look alike, DESIGN.md §7);
 *   <li>the workspace's {@code isCustomer360} setting not true: 403;
 *   <li>the workspace's request budget (429 with Retry-After past it);
 *   <li>the view's node ({@link Customer360Nodes}; 409 when none can be chosen);
 *   <li>DPO and USER need R (or RW) on that node: 403 otherwise; ADMIN and CLAB_OPERATOR read every
 *       workspace.
 * </ol>
 *
 * Then {@link Customer360Context} holds the result. A refusal aborts the request with the dialect's
 * envelope ({@link Customer360Errors}); the application-wide mappers (the native API's error body)
 * never see it.
 */
public class Customer360Filter {

  /** The header naming the workspace. */
  public static final String WORKSPACE_HEADER = "X-Workspace-Id";

  /** The token claim naming the workspace when the header is absent. */
  public static final String WORKSPACE_CLAIM = "workspaceId";

  private final CallerResolver callers;
  private final CurrentIdentityAssociation identities;
  private final WorkspaceService workspaces;
  private final NodePermissions permissions;
  private final Throttle throttle;
  private final Customer360Nodes nodes;
  private final Customer360Context context;
  private final Customer360Errors errors;

  Customer360Filter(
      CallerResolver callers,
      CurrentIdentityAssociation identities,
      WorkspaceService workspaces,
      NodePermissions permissions,
      Throttle throttle,
      Customer360Nodes nodes,
      Customer360Context context,
      Customer360Errors errors) {
    this.errors = errors;
    this.callers = callers;
    this.identities = identities;
    this.workspaces = workspaces;
    this.permissions = permissions;
    this.throttle = throttle;
    this.nodes = nodes;
    this.context = context;
  }

  @Customer360Api
  @ServerRequestFilter
  public Uni<Response> admit(ContainerRequestContext request) {
    return check(request)
        .replaceWith((Response) null)
        .onFailure()
        .recoverWithItem(e -> errors.response(e, request.getUriInfo()));
  }

  private Uni<Void> check(ContainerRequestContext request) {
    String tag = request.getUriInfo().getPathParameters().getFirst("locale");
    Customer360Messages messages = Customer360Locales.messages(tag);
    if (messages == null) {
      return Uni.createFrom()
          .failure(
              new Customer360Exception(
                  404, m -> m.localeNotSupported(tag, Customer360Locales.SUPPORTED)));
    }
    String header = request.getHeaderString(WORKSPACE_HEADER);
    return callers
        .current()
        .invoke(Customer360Filter::requirePerson)
        .chain(caller -> workspaceId(header).chain(id -> enter(messages, caller, id)));
  }

  private static void requirePerson(Caller caller) {
    if (caller.isSource()) {
      throw new Customer360Exception(403, Customer360Messages::sourceRefused);
    }
    if (!caller.customer360()) {
      throw new Customer360Exception(403, Customer360Messages::sessionDisabled);
    }
  }

  /** The header's workspace id, else the token claim's; 400 naming the header otherwise. */
  private Uni<UUID> workspaceId(String header) {
    if (header != null) {
      return Uni.createFrom().item(parse(header));
    }
    return identities
        .getDeferredIdentity()
        .map(
            identity ->
                identity.getPrincipal() instanceof JsonWebToken jwt
                        && jwt.getClaim(WORKSPACE_CLAIM) != null
                    ? parse(String.valueOf((Object) jwt.getClaim(WORKSPACE_CLAIM)))
                    : parse(null));
  }

  static UUID parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw Customer360Exception.badParameter(WORKSPACE_HEADER, Customer360Messages::ruleRequired);
    }
    String value = raw.strip();
    if (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1) {
      value = value.substring(1, value.length() - 1);
    }
    try {
      if (value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // falls through to 400
    }
    throw Customer360Exception.badParameter(WORKSPACE_HEADER, Customer360Messages::ruleUuid);
  }

  private Uni<Void> enter(Customer360Messages messages, Caller caller, UUID workspaceId) {
    return workspaces
        .find(workspaceId)
        .onFailure(Customer360Filter::isWorkspaceNotFound)
        .transform(e -> new Customer360Exception(404, Customer360Messages::workspaceNotFound))
        .chain(workspace -> admit(messages, caller, workspace));
  }

  private Uni<Void> admit(Customer360Messages messages, Caller caller, Workspace workspace) {
    Uni<Map<UUID, Permission>> granted =
        caller.isStaff()
            ? Uni.createFrom().item(Map.of())
            : permissions.permissions(caller.userId(), workspace.id()).invoke(this::requireAny);
    return granted.chain(
        perms -> {
          if (!workspace.isCustomer360()) {
            throw new Customer360Exception(403, Customer360Messages::workspaceDisabled);
          }
          return throttle
              .count(workspace)
              .chain(ignored -> nodes.nodeOf(workspace))
              .invoke(
                  node -> {
                    if (!caller.isStaff()) {
                      Permission p = perms.get(node.id());
                      if (p == null || !p.allows(Permission.R)) {
                        throw new Customer360Exception(403, Customer360Messages::readForbidden);
                      }
                    }
                    context.enter(messages, caller, workspace, node, perms);
                  })
              .replaceWithVoid();
        });
  }

  private void requireAny(Map<UUID, Permission> granted) {
    if (granted.isEmpty()) {
      throw new Customer360Exception(404, Customer360Messages::workspaceNotFound);
    }
  }

  private static boolean isWorkspaceNotFound(Throwable e) {
    return e instanceof ApiException a && (a.status() == 403 || a.status() == 404);
  }
}
