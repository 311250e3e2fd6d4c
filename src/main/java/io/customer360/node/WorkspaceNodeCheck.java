package io.customer360.node;

import io.customer360.workspace.WorkspaceNodes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The node feature's answer to {@link WorkspaceNodes}: a cached lookup through NodeService. */
@ApplicationScoped
class WorkspaceNodeCheck implements WorkspaceNodes {

  private final NodeService nodes;

  WorkspaceNodeCheck(NodeService nodes) {
    this.nodes = nodes;
  }

  @Override
  public Uni<Void> requireNode(UUID workspaceId, UUID nodeId) {
    return nodes.find(workspaceId, nodeId).replaceWithVoid();
  }
}
