package io.customer360.common;

import java.util.UUID;

/** Parses identifiers from requests, naming the field when one is malformed. */
public final class Ids {

  private Ids() {}

  public static UUID uuid(String field, String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    try {
      UUID id = UUID.fromString(raw);
      // UUID.fromString accepts short forms like "1-1-1-1-1"; require the canonical 36 characters.
      if (raw.length() != 36) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, "must be a UUID");
    }
  }

  public static UUID uuidOrNull(String field, String raw) {
    return raw == null || raw.isEmpty() ? null : uuid(field, raw);
  }
}
