package io.customer360.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.node.Node;
import io.customer360.source.Source;
import io.customer360.source.SourceProvider;
import io.customer360.stats.StatsResponses.NodeStats;
import io.customer360.stats.StatsResponses.Send;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One node of S4 (pure): its customers, whether an enabled CONTACTPLAN source serves it ({@code
 * plan}) and where the first enabled CONTACTSEND source serving it delivers ({@code send}: its
 * properties {@code groupPk} and {@code userdbId}, spec §1.8, each an integer or null; null when no
 * such source serves the node).
 */
final class NodeFigures {

  private NodeFigures() {}

  static NodeStats of(Node node, List<Source> sources, Map<UUID, Long> customers) {
    return new NodeStats(
        node.id(),
        node.name(),
        node.type(),
        customers.getOrDefault(node.id(), 0L),
        served(sources, node.id(), SourceProvider.CONTACTPLAN) != null,
        send(served(sources, node.id(), SourceProvider.CONTACTSEND)));
  }

  /** The first enabled source of that provider serving the node, or null. */
  private static Source served(List<Source> sources, UUID nodeId, SourceProvider provider) {
    for (Source s : sources) {
      if (s.enabled()
          && s.provider() == provider
          && s.nodes() != null
          && s.nodes().contains(nodeId)) {
        return s;
      }
    }
    return null;
  }

  private static Send send(Source source) {
    if (source == null) {
      return null;
    }
    JsonNode p = source.properties();
    if (p == null || !p.isObject()) {
      return new Send(null, null);
    }
    JsonNode userDb = p.has("userdbId") ? p.path("userdbId") : p.path("userDbId");
    return new Send(number(p.path("groupPk")), number(userDb));
  }

  /** An integer property (a JSON integer or a text of at most 18 digits), else null. */
  static Long number(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().matches("\\d{1,18}")) {
      return Long.parseLong(v.asText());
    }
    return null;
  }
}
