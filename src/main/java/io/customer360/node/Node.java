package io.customer360.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** An entry node (one source's view of customers) or an aggregate node (unified customers). */
public record Node(
    UUID id,
    UUID workspaceId,
    NodeType type,
    String name,
    String description,
    String imageUrl,
    MatchingPolicy uniqueCustomer,
    List<UUID> sourcePriority,
    List<String> mandatoryProperties,
    List<UUID> entryNodes,
    MatchingPolicy matchingProperties,
    List<ExclusionFilter> exclusionFilters,
    AggregateState state,
    JsonNode build,
    boolean retentionEnabled) {

  public boolean isEntry() {
    return type == NodeType.ENTRY;
  }

  public boolean isActiveAggregate() {
    return type == NodeType.AGGREGATE && state == AggregateState.ACTIVE;
  }

  /** The unique-customer policy, falling back to the default one. */
  public MatchingPolicy uniquePolicy() {
    return uniqueCustomer != null ? uniqueCustomer : MatchingPolicy.DEFAULT;
  }
}
