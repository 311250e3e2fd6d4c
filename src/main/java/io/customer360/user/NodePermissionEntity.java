package io.customer360.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * One {@code user_node_permission} row (schema: Flyway {@code V1__foundation.sql}): a person's R or
 * RW on one node of a workspace. Written only by {@link UserRepository#replacePermissions}.
 */
@Entity
@Table(name = "user_node_permission")
@IdClass(NodePermissionEntity.Key.class)
class NodePermissionEntity {

  @Id
  @Column(name = "user_id")
  Integer userId;

  @Id
  @Column(name = "node_id")
  UUID nodeId;

  @Column(name = "workspace_id")
  UUID workspaceId;

  String permission;

  /** The primary key (user_id, node_id). */
  static class Key implements Serializable {
    Integer userId;
    UUID nodeId;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(userId, k.userId)
          && Objects.equals(nodeId, k.nodeId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(userId, nodeId);
    }
  }
}
