package io.customer360.segment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The {@code segment} row (schema: Flyway {@code V14__segments.sql}), managed inside this feature
 * only; callers get the immutable {@link Segment} record. The jsonb {@code query} is carried as
 * JSON text (Hibernate Reactive's JSON type binds only JSON objects through the Vert.x client);
 * {@code nameKey} is the name's comparison form ({@link SegmentService#nameKey}).
 */
@Entity
@Table(name = "segment")
class SegmentEntity {

  @Id UUID id;

  @Column(name = "workspace_id")
  UUID workspaceId;

  String name;

  @Column(name = "name_key")
  String nameKey;

  @ColumnTransformer(read = "cast(query as text)", write = "cast(cast(? as text) as jsonb)")
  String query;

  boolean enabled;

  @Column(name = "created_at", updatable = false)
  OffsetDateTime createdAt;

  @Column(name = "updated_at")
  OffsetDateTime updatedAt;
}
