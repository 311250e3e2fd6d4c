package io.customer360.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The {@code node} row (schema: Flyway {@code V1__foundation.sql}), managed inside this feature
 * only; callers get the immutable {@link Node} record. jsonb columns are carried as JSON text, cast
 * on the way in and out: Hibernate Reactive's JSON type binds only JSON objects through the Vert.x
 * client, and {@code exclusion_filters} is an array. {@code build} (activation progress) and {@code
 * retention} are read here but written by statements of their own.
 */
@Entity
@Table(name = "node")
class NodeEntity {

  @Id UUID id;

  @Column(name = "workspace_id")
  UUID workspaceId;

  String type;

  String name;

  String description;

  @Column(name = "image_url")
  String imageUrl;

  @Column(name = "unique_customer")
  @ColumnTransformer(
      read = "cast(unique_customer as text)",
      write = "cast(cast(? as text) as jsonb)")
  String uniqueCustomer;

  @Column(name = "source_priority")
  UUID[] sourcePriority;

  @Column(name = "mandatory_properties")
  String[] mandatoryProperties;

  @Column(name = "entry_nodes")
  UUID[] entryNodes;

  @Column(name = "matching_properties")
  @ColumnTransformer(
      read = "cast(matching_properties as text)",
      write = "cast(cast(? as text) as jsonb)")
  String matchingProperties;

  @Column(name = "exclusion_filters")
  @ColumnTransformer(
      read = "cast(exclusion_filters as text)",
      write = "cast(cast(? as text) as jsonb)")
  String exclusionFilters;

  String state;

  @Column(insertable = false, updatable = false)
  @ColumnTransformer(read = "cast(build as text)")
  String build;

  @Column(insertable = false, updatable = false)
  @ColumnTransformer(read = "cast(retention as text)")
  String retention;

  @Column(name = "created_at", insertable = false, updatable = false)
  OffsetDateTime createdAt;

  @Column(name = "updated_at", insertable = false)
  OffsetDateTime updatedAt;
}
