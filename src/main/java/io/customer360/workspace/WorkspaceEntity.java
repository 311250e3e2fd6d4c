package io.customer360.workspace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The {@code workspace} row (schema: Flyway {@code V1__foundation.sql}), managed by Hibernate
 * Reactive inside this feature only. Callers get the immutable {@link Workspace} record instead.
 * The jsonb {@code config} is carried as JSON text, cast on the way in and out (Hibernate
 * Reactive's JSON type binds only JSON objects through the Vert.x client).
 */
@Entity
@Table(name = "workspace")
class WorkspaceEntity {

  @Id UUID id;

  String name;

  String slug;

  @Column(name = "group_pk")
  long groupPk;

  String shard;

  String status;

  @ColumnTransformer(read = "cast(config as text)", write = "cast(cast(? as text) as jsonb)")
  String config;

  @Column(name = "created_at", insertable = false, updatable = false)
  OffsetDateTime createdAt;

  @Column(name = "updated_at", insertable = false)
  OffsetDateTime updatedAt;
}
