package io.customer360.workspace;

import io.customer360.security.Permission;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a person may reach, answered by the user feature (which owns {@code user_node_permission})
 * for the tenancy checks and the workspace list of this feature, so that {@code workspace} does not
 * depend on {@code user} (DESIGN package graph: user -> workspace, never the reverse).
 */
public interface NodePermissions {

  /** The person's permission per node of one workspace; empty when they have none there. */
  Uni<Map<UUID, Permission>> permissions(int userId, UUID workspaceId);

  /** The workspaces in which the person holds a permission on at least one node. */
  Uni<List<UUID>> workspacesOf(int userId);
}
