package io.customer360.workspace;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Whether a node belongs to a workspace, answered by the node feature for the workspace settings
 * that name a node ({@code customer360NodeId}), so that {@code workspace} does not depend on {@code
 * node} (DESIGN package graph: node -> workspace, never the reverse).
 */
public interface WorkspaceNodes {

  /**
   * Completes when {@code nodeId} is a node (entry or aggregate) of the workspace; fails with 404
   * "node not found &lt;id&gt;" otherwise (spec §5).
   */
  Uni<Void> requireNode(UUID workspaceId, UUID nodeId);
}
