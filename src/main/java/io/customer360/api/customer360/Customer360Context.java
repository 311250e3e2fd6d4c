package io.customer360.api.customer360;

import io.customer360.node.Node;
import io.customer360.security.Caller;
import io.customer360.security.Permission;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import jakarta.enterprise.context.RequestScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link Customer360Filter} established for one request of the dialect: the messages of its
 * locale, the caller, the workspace, the node whose customers the view reads, and the caller's node
 * permissions in the workspace (empty for ADMIN and CLAB_OPERATOR, who reach everything).
 */
@RequestScoped
public class Customer360Context {

  private Customer360Messages messages;
  private Caller caller;
  private Workspace workspace;
  private Node node;
  private Map<UUID, Permission> permissions = Map.of();

  void enter(
      Customer360Messages messages,
      Caller caller,
      Workspace workspace,
      Node node,
      Map<UUID, Permission> permissions) {
    this.messages = messages;
    this.caller = caller;
    this.workspace = workspace;
    this.node = node;
    this.permissions = permissions;
  }

  public Customer360Messages messages() {
    return messages;
  }

  public Workspace workspace() {
    return workspace;
  }

  public Node node() {
    return node;
  }

  public Caller caller() {
    return caller;
  }

  /**
   * Segment writes need what the native segment API needs: ADMIN or CLAB_OPERATOR, or RW on a node
   * of the workspace; else 403.
   */
  public void requireSegmentWrite() {
    if (caller.isStaff()) {
      return;
    }
    if (permissions.values().stream().noneMatch(p -> p == Permission.RW)) {
      throw new Customer360Exception(403, Customer360Messages::writeForbidden);
    }
  }

  /**
   * The tenant the event feature reads the view's events as: staff as themselves; a person with R
   * on the view's node may read it and, for an aggregate node, its entry nodes, because a unified
   * customer's events are its members' events (DESIGN.md §5) and the filter admitted the person to
   * this node.
   */
  public Tenant eventReader() {
    if (caller.isStaff()) {
      return Tenant.of(workspace, caller, Map.of());
    }
    Map<UUID, Permission> read = new HashMap<>();
    read.put(node.id(), Permission.R);
    if (!node.isEntry() && node.entryNodes() != null) {
      node.entryNodes().forEach(id -> read.put(id, Permission.R));
    }
    return Tenant.of(workspace, caller, read);
  }
}
