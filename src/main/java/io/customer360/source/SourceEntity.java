package io.customer360.source;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The {@code source} row (schema: Flyway {@code V1__foundation.sql}), managed inside this feature
 * only; callers get the immutable {@link Source} record. The jsonb {@code properties} is carried as
 * JSON text (Hibernate Reactive's JSON type binds only JSON objects through the Vert.x client).
 */
@Entity
@Table(name = "source")
class SourceEntity {

  @Id UUID id;

  @Column(name = "workspace_id")
  UUID workspaceId;

  String provider;

  String name;

  String description;

  @ColumnTransformer(read = "cast(properties as text)", write = "cast(cast(? as text) as jsonb)")
  String properties;

  UUID[] nodes;

  boolean enabled;

  @Column(name = "token_hash")
  String tokenHash;

  @Column(name = "created_at", insertable = false, updatable = false)
  OffsetDateTime createdAt;

  @Column(name = "updated_at", insertable = false)
  OffsetDateTime updatedAt;
}
