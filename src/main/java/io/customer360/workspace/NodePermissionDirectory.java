package io.customer360.workspace;

import io.customer360.security.Permission;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The node permissions of people. Declared here, implemented by the user feature (a CDI bean), so
 * workspace depends on no higher feature.
 */
public interface NodePermissionDirectory {

  /** The person's permission per node of the workspace; empty when they hold none there. */
  Uni<Map<UUID, Permission>> permissions(int userId, UUID workspaceId);

  /** The workspaces in which the person holds at least one node permission. */
  Uni<List<UUID>> workspacesOf(int userId);
}
