package io.customer360.common;

import java.util.UUID;

/** Parses identifiers from requests, naming the field when one is malformed. */
public final class Ids {

  private Ids() {}

  /**
   * A UUID from a request field or parameter: blank answers 400 "is required"; a malformed one 400
   * "must be a UUID", except for a node id ({@link #isNodeField}), which answers 404 "node not
   * found &lt;value&gt;" like an unknown node wherever it is given: path, query or body (spec §5,
   * issue 13 fault 22).
   */
  public static UUID uuid(String field, String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    if (isNodeField(field)) {
      return nodeId(raw);
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

  /** A node id: a malformed one answers 404 "node not found &lt;raw&gt;" (spec §5). */
  public static UUID nodeId(String raw) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // falls through to 404
    }
    throw ApiException.nodeNotFound(raw);
  }

  /**
   * Whether a field or parameter holds a node id ({@code nodeId}, {@code entryNodeId}, the last
   * segment of a JSON path such as {@code bringBackProperties.nodeId}).
   */
  public static boolean isNodeField(String field) {
    if (field == null) {
      return false;
    }
    String last = field.substring(field.lastIndexOf('.') + 1);
    return last.equals("nodeId") || last.endsWith("NodeId");
  }

  public static UUID uuidOrNull(String field, String raw) {
    return raw == null || raw.isEmpty() ? null : uuid(field, raw);
  }
}
