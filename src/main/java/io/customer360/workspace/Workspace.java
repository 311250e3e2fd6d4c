package io.customer360.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.ZoneId;
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

  /** The configuration's default time zone and currency (W2), also when a setting is missing. */
  public static final String DEFAULT_TIMEZONE = "Europe/Rome";

  public static final String DEFAULT_CURRENCY = "EUR";

  /**
   * The workspace's time zone ({@link WorkspaceSettings#TIMEZONE}), the zone of every calendar
   * bucket of its statistics; {@value #DEFAULT_TIMEZONE}, the configuration's default, when the
   * setting is missing or names no zone.
   */
  public ZoneId timeZone() {
    String tz = config.path(WorkspaceSettings.TIMEZONE).asText("");
    try {
      return ZoneId.of(tz.isEmpty() ? DEFAULT_TIMEZONE : tz);
    } catch (DateTimeException e) {
      return ZoneId.of(DEFAULT_TIMEZONE);
    }
  }

  /**
   * The workspace's currency ({@link WorkspaceSettings#CURRENCY}, an ISO 4217 code); {@value
   * #DEFAULT_CURRENCY} when missing.
   */
  public String currency() {
    String c = config.path(WorkspaceSettings.CURRENCY).asText("");
    return c.isBlank() ? DEFAULT_CURRENCY : c;
  }

  /** A setting's JSON value, or a missing node. */
  public JsonNode setting(String key) {
    return config.path(key);
  }
}
