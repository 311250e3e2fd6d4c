package io.customer360.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a person (OIDC token; {@code userId} is their row in app_user) or a source
 * (opaque token limited to one workspace and its nodes).
 */
public record Caller(
    Kind kind,
    String subject,
    Set<String> roles,
    Integer userId,
    UUID sourceId,
    UUID sourceWorkspaceId,
    Set<UUID> sourceNodes,
    boolean customer360) {

  public enum Kind {
    USER,
    SOURCE
  }

  public boolean isSource() {
    return kind == Kind.SOURCE;
  }

  /** ADMIN and CLAB_OPERATOR reach every workspace with full rights. */
  public boolean isStaff() {
    return kind == Kind.USER
        && (roles.contains(Roles.ADMIN) || roles.contains(Roles.CLAB_OPERATOR));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** What sourceInfo.registeredBy / updatedBy records. */
  public String actor() {
    return isSource() ? sourceId.toString() : "user:" + userId;
  }
}
