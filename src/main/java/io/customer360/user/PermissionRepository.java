package io.customer360.user;

import io.customer360.security.Permission;
import io.customer360.user.UserResponses.NodePermission;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only writer of {@code user_node_permission} (Hibernate Reactive Panache). Runs inside the
 * service's session or transaction; one repository call at a time on a session.
 */
@ApplicationScoped
class PermissionRepository
    implements PanacheRepositoryBase<NodePermissionEntity, NodePermissionEntity.Key> {

  /** How many of the given ids are nodes of the workspace (node is read, never written, here). */
  private static final String COUNT_NODES =
      """
      select count(*) from node where workspace_id = :workspaceId and id in (:ids)
      """;

  private static final String WORKSPACES_OF =
      "select distinct p.workspaceId from NodePermissionEntity p where p.userId = :userId";

  Uni<Map<UUID, Permission>> permissions(int userId, UUID workspaceId) {
    return list("userId = ?1 and workspaceId = ?2", userId, workspaceId).map(this::toMap);
  }

  private Map<UUID, Permission> toMap(List<NodePermissionEntity> rows) {
    Map<UUID, Permission> out = new HashMap<>();
    rows.forEach(r -> out.put(r.nodeId, Permission.valueOf(r.permission)));
    return out;
  }

  Uni<List<UUID>> workspacesOf(int userId) {
    return getSession()
        .chain(
            s ->
                s.createSelectionQuery(WORKSPACES_OF, UUID.class)
                    .setParameter("userId", userId)
                    .getResultList());
  }

  /** The permissions of these users in one workspace, by node id. */
  Uni<List<NodePermissionEntity>> ofUsers(UUID workspaceId, List<Integer> userIds) {
    if (userIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return list(
        "workspaceId = ?1 and userId in ?2", Sort.by("userId").and("nodeId"), workspaceId, userIds);
  }

  Uni<Long> countNodes(UUID workspaceId, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(0L);
    }
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(COUNT_NODES, Long.class)
                    .setParameter("workspaceId", workspaceId)
                    .setParameter("ids", ids)
                    .getSingleResult());
  }

  /** Replaces the user's permissions in one workspace (the caller checked the nodes first). */
  Uni<Void> replace(UUID workspaceId, int userId, List<NodePermission> nodes) {
    Uni<Long> cleared = delete("userId = ?1 and workspaceId = ?2", userId, workspaceId);
    if (nodes.isEmpty()) {
      return cleared.replaceWithVoid();
    }
    return cleared
        .chain(() -> persist(nodes.stream().map(n -> row(workspaceId, userId, n))))
        .chain(this::flush);
  }

  private static NodePermissionEntity row(UUID workspaceId, int userId, NodePermission n) {
    NodePermissionEntity e = new NodePermissionEntity();
    e.userId = userId;
    e.workspaceId = workspaceId;
    e.nodeId = n.id();
    e.permission = n.permission().name();
    return e;
  }
}
