package io.customer360.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * The {@code app_user} row (schema: Flyway {@code V1__foundation.sql}): a person known by their
 * OIDC subject. Rows are created and refreshed by one upsert ({@link UserRepository#upsert}); the
 * entity serves reads inside this feature only.
 */
@Entity
@Table(name = "app_user")
class UserEntity {

  @Id Integer id;

  String subject;

  String username;

  String name;

  String surname;

  String email;

  String lang;

  @Column(name = "registered_at", insertable = false, updatable = false)
  OffsetDateTime registeredAt;

  @Column(name = "updated_at", insertable = false, updatable = false)
  OffsetDateTime updatedAt;
}
