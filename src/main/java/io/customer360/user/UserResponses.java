package io.customer360.user;

import io.customer360.security.Permission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Shapes of the users API and of /me. */
public final class UserResponses {

  private UserResponses() {}

  @io.quarkus.runtime.annotations.RegisterForReflection
  public record NodePermission(@NotNull UUID id, @NotNull Permission permission) {}

  public record UserResponse(
      int id,
      String name,
      String surname,
      String username,
      String email,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt,
      List<NodePermission> nodes) {}

  public record ModifyUserRequest(
      @NotNull @Size(max = 1000) List<@Valid @NotNull NodePermission> nodes) {}

  public record MeNode(UUID id, String name, String type, Permission permission) {}

  public record MeWorkspace(UUID id, String name, String status, List<MeNode> nodes) {}

  public record MeGroup(long id, String name, List<MeWorkspace> workspaces) {}

  public record MeResponse(
      int id,
      String name,
      String surname,
      List<MeGroup> groups,
      String lang,
      String email,
      List<String> roles,
      boolean mc) {}
}
