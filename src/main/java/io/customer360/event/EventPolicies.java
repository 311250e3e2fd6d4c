package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A workspace's per-event-type settings, read straight from its (cached) configuration: disabled
 * types (E7), payload sizes (R5/R6), extended properties (E5/E6), consent policy (R4), products'
 * extended properties (E11/E12).
 */
public record EventPolicies(JsonNode config) {

  public static final int DEFAULT_MAX_BYTES = 65_535;

  public static EventPolicies of(Workspace workspace) {
    return new EventPolicies(workspace.config());
  }

  public static EventPolicies none() {
    return new EventPolicies(MissingNode.getInstance());
  }

  public boolean isDisabled(EventType type) {
    return config.path(WorkspaceSettings.DISABLED_EVENTS).path(type.name()).asBoolean(false);
  }

  public int maxBytes(EventType type) {
    return config
        .path(WorkspaceSettings.PAYLOAD_SIZES)
        .path(type.name())
        .path("maxBytes")
        .asInt(DEFAULT_MAX_BYTES);
  }

  /** The largest limit of any type: a body above it is refused before parsing its type. */
  public int largestMaxBytes() {
    int max = DEFAULT_MAX_BYTES;
    for (JsonNode v : config.path(WorkspaceSettings.PAYLOAD_SIZES)) {
      max = Math.max(max, v.path("maxBytes").asInt(0));
    }
    return max;
  }

  public JsonNode extendedProperties(EventType type) {
    return config.path(WorkspaceSettings.EVENT_EXTENDED_PROPERTIES).path(type.name());
  }

  /** The products' extended-property schema (E11/E12); missing when none is stored. */
  public JsonNode productExtendedProperties() {
    return config.path(WorkspaceSettings.PRODUCT_EXTENDED_PROPERTIES);
  }

  /** The consent paths (e.g. {@code consents.profiling.classic}) an event of this type needs. */
  public List<String> requiredConsents(EventType type) {
    JsonNode paths = config.path(WorkspaceSettings.EVENTS_CONSENT_POLICY).path(type.name());
    if (!paths.isArray() || paths.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(paths.size());
    paths.forEach(p -> out.add(p.asText()));
    return out;
  }
}
