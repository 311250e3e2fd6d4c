package io.customer360.workspace;

import io.customer360.common.ApiException;
import io.customer360.security.Caller;
import io.customer360.security.Permission;
import jakarta.enterprise.context.RequestScoped;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The workspace a request works in and what its caller may do there. {@link TenantFilter} fills it
 * before any resource under {@code /workspaces/{workspaceId}} runs.
 */
@RequestScoped
public class Tenant {

  private Workspace workspace;
  private Caller caller;
  private Map<UUID, Permission> permissions = Map.of();

  /**
   * A tenant outside request scope, for a dialect that admits the caller itself and answers for a
   * view rather than for nodes the caller names (the Customer 360 view reads one node and, for an
   * aggregate node, its entry nodes' events): {@code permissions} are those the dialect grants for
   * this call, never more than the caller's own rights imply.
   */
  public static Tenant of(Workspace workspace, Caller caller, Map<UUID, Permission> permissions) {
    Tenant t = new Tenant();
    t.enter(workspace, caller, Map.copyOf(permissions));
    return t;
  }

  void enter(Workspace workspace, Caller caller, Map<UUID, Permission> permissions) {
    this.workspace = workspace;
    this.caller = caller;
    this.permissions = permissions;
  }

  public Workspace workspace() {
    if (workspace == null) {
      throw new IllegalStateException("no workspace on this request");
    }
    return workspace;
  }

  public UUID workspaceId() {
    return workspace().id();
  }

  public Caller caller() {
    return caller;
  }

  /** The node permissions of a person in this workspace (empty for staff and sources). */
  public Map<UUID, Permission> permissions() {
    return permissions;
  }

  /** Null when the caller reaches every node of the workspace; else the nodes it may read. */
  public Set<UUID> readableNodes() {
    if (caller.isStaff()) {
      return null;
    }
    return caller.isSource() ? caller.sourceNodes() : permissions.keySet();
  }

  public boolean canRead(UUID nodeId) {
    return may(nodeId, Permission.R);
  }

  public void requireRead(UUID nodeId) {
    if (!may(nodeId, Permission.R)) {
      throw ApiException.forbidden("The caller may not read node " + nodeId);
    }
  }

  public void requireWrite(UUID nodeId) {
    if (!may(nodeId, Permission.RW)) {
      throw ApiException.forbidden("The caller may not write to node " + nodeId);
    }
  }

  private boolean may(UUID nodeId, Permission needed) {
    if (caller.isStaff()) {
      return true;
    }
    if (caller.isSource()) {
      return caller.sourceNodes().contains(nodeId);
    }
    Permission p = permissions.get(nodeId);
    return p != null && p.allows(needed);
  }

  /**
   * Workspace-wide configuration (properties schema, matching policy, settings, sources, event
   * configuration): ADMIN and CLAB_OPERATOR only. Node permissions govern node data, not the
   * workspace (issue 13, fault 18).
   */
  public void requireConfigurationWrite() {
    if (!caller.isStaff()) {
      throw ApiException.forbidden(
          "Only ADMIN or CLAB_OPERATOR may change workspace configuration");
    }
  }

  /**
   * Configuration bound to nodes (a source and the nodes it writes to): staff, or a person holding
   * RW on every one of the nodes; never a source token. Node permissions govern node data.
   */
  public void requireNodeConfigurationWrite(java.util.Collection<UUID> nodes) {
    if (caller.isStaff()) {
      return;
    }
    if (caller.isSource()) {
      throw ApiException.forbidden("A source may not change configuration");
    }
    nodes.forEach(this::requireWrite);
  }

  /**
   * Workspace-level data that people work on through their nodes (segments): staff, or a person
   * holding RW on at least one node of the workspace; never a source token (sources read it only).
   */
  public void requireAnyNodeWrite(String what) {
    if (caller.isStaff()) {
      return;
    }
    if (caller.isSource()) {
      throw ApiException.forbidden("A source may not change " + what);
    }
    if (permissions.values().stream().noneMatch(p -> p.allows(Permission.RW))) {
      throw ApiException.forbidden(
          "Changing " + what + " needs ADMIN, CLAB_OPERATOR or RW on a node of the workspace");
    }
  }

  /** Provisioning, users, throttling, node creation: ADMIN or CLAB_OPERATOR only. */
  public void requireStaff() {
    if (!caller.isStaff()) {
      throw ApiException.forbidden("Only ADMIN or CLAB_OPERATOR may do this");
    }
  }

  public void requireRole(String... roles) {
    for (String r : roles) {
      if (caller.hasRole(r)) {
        return;
      }
    }
    throw ApiException.forbidden("This needs one of the roles " + String.join(", ", roles));
  }
}
