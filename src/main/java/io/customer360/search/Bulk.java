package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * One Elasticsearch {@code _bulk} request body (NDJSON) and the reading of its answer. Every index
 * operation carries {@code version_type=external_gte} with the document's version, so an older
 * version never overwrites a newer one; every operation is routed by workspace.
 */
final class Bulk {

  /** What a bulk answer held: successful operations, and failures that will not go away. */
  record Outcome(int succeeded, int failed, boolean retry, String firstReason) {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final StringBuilder body = new StringBuilder();
  private int operations;
  private int indexes;

  /** Indexes (creates or replaces) a document. */
  Bulk index(String index, String id, UUID workspaceId, long version, ObjectNode document) {
    ObjectNode meta = JSON.objectNode();
    ObjectNode op = meta.putObject("index");
    op.put("_index", index);
    op.put("_id", id);
    op.put("routing", workspaceId.toString());
    op.put("version", version);
    op.put("version_type", "external_gte");
    body.append(meta).append('\n').append(document).append('\n');
    operations++;
    indexes++;
    return this;
  }

  /** Deletes a document (absent already is fine). */
  Bulk delete(String index, String id, UUID workspaceId) {
    ObjectNode meta = JSON.objectNode();
    ObjectNode op = meta.putObject("delete");
    op.put("_index", index);
    op.put("_id", id);
    op.put("routing", workspaceId.toString());
    body.append(meta).append('\n');
    operations++;
    return this;
  }

  int size() {
    return operations;
  }

  int indexes() {
    return indexes;
  }

  int deletes() {
    return operations - indexes;
  }

  String body() {
    return body.toString();
  }

  /**
   * Reads a {@code _bulk} answer item by item: a version conflict (409, an equal or newer version
   * is indexed already) and a delete of an absent document (404) count as done; 429 and 5xx items
   * ask for the whole request again (it is idempotent); any other error is a failure that a retry
   * would not fix (logged once by the caller with its reason).
   */
  static Outcome read(JsonNode answer) {
    int succeeded = 0;
    int failed = 0;
    boolean retry = false;
    String reason = null;
    for (JsonNode item : answer.path("items")) {
      JsonNode result = item.elements().hasNext() ? item.elements().next() : JSON.objectNode();
      int status = result.path("status").asInt(500);
      if (status < 300 || status == 404 || status == 409) {
        succeeded++;
      } else if (status == 429 || status >= 500) {
        retry = true;
        reason = reason != null ? reason : describe(result);
      } else {
        failed++;
        reason = reason != null ? reason : describe(result);
      }
    }
    return new Outcome(succeeded, failed, retry, reason);
  }

  private static String describe(JsonNode result) {
    JsonNode error = result.path("error");
    return result.path("_id").asText()
        + " in "
        + result.path("_index").asText()
        + ": "
        + error.path("type").asText("error")
        + " "
        + error.path("reason").asText("");
  }
}
