package io.customer360.user;

import io.customer360.common.ApiException;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.security.Roles;
import io.customer360.user.UserResponses.ModifyUserRequest;
import io.customer360.user.UserResponses.UserResponse;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Users and their node permissions in a workspace (spec: users), for ADMIN and CLAB_OPERATOR. */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/users")
@Tag(name = "Users")
@Authenticated
public class UserResource {

  private final UserService users;
  private final Tenant tenant;

  UserResource(UserService users, Tenant tenant) {
    this.users = users;
    this.tenant = tenant;
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @GET
  public Uni<Paged<UserResponse>> list(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("search") String search,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    tenant.requireStaff();
    return users.list(tenant.workspaceId(), search, PageRequest.of(page, size, 20, 10_000, 100));
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @GET
  @Path("/{id}")
  public Uni<UserResponse> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") String id) {
    tenant.requireStaff();
    return users.find(tenant.workspaceId(), userId(id));
  }

  @RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
  @PUT
  @Path("/{id}")
  public Uni<UserResponse> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("id") String id,
      @Valid @NotNull ModifyUserRequest body) {
    tenant.requireStaff();
    return users.modify(tenant.workspaceId(), userId(id), body.nodes());
  }

  private static int userId(String raw) {
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("id", "must be an integer");
    }
  }
}
