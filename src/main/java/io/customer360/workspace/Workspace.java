package io.customer360.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A tenant. {@code config} holds the workspace settings (industry, timezone, currency, throttling,
 * the {@code isCustomer360} flag, extended-property schemas and per-event policies).
 */
public record Workspace(
    UUID id,
    String name,
    String slug,
    long groupPk,
    String shard,
    WorkspaceStatus status,
    ObjectNode config) {

  public int maxRequestsPerMinute() {
    return config.path(WorkspaceSettings.MAX_REQUESTS_PER_MINUTE).asInt(0);
  }

  public boolean isCustomer360() {
    return config.path(WorkspaceSettings.IS_CUSTOMER_360).asBoolean(false);
  }

  /**
   * The node the Customer 360 view reads ({@link WorkspaceSettings#CUSTOMER_360_NODE_ID}), or null
   * when the workspace leaves the choice to the view.
   */
  public UUID customer360NodeId() {
    JsonNode id = config.path(WorkspaceSettings.CUSTOMER_360_NODE_ID);
    if (!id.isTextual()) {
      return null;
    }
    try {
      return UUID.fromString(id.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A setting's JSON value, or a missing node. */
  public JsonNode setting(String key) {
    return config.path(key);
  }
}
