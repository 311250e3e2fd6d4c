package io.customer360.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.WireTime;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request and response shapes of the nodes API. */
public final class NodeRequests {

  static final String URI = "https?://\\S+";

  private NodeRequests() {}

  public record EntryNodeRequest(
      UUID id,
      @NotBlank @Size(max = 255) String name,
      @Size(max = 1000) String description,
      @Size(max = 1000) @Pattern(regexp = URI, message = "must be an http(s) URI") String imageUrl,
      @Valid MatchingPolicy uniqueCustomer,
      @Size(max = 50) List<@NotNull UUID> sourcePriority,
      @Size(max = 50) List<@NotBlank @Size(max = 255) String> mandatoryProperties) {

    EntryNodeRequest withUniqueCustomer(MatchingPolicy policy) {
      return new EntryNodeRequest(
          id, name, description, imageUrl, policy, sourcePriority, mandatoryProperties);
    }
  }

  public record EntryNodeResponse(
      UUID id,
      String name,
      String description,
      String imageUrl,
      MatchingPolicy uniqueCustomer,
      List<UUID> sourcePriority,
      List<String> mandatoryProperties) {

    static EntryNodeResponse of(Node n) {
      return new EntryNodeResponse(
          n.id(),
          n.name(),
          n.description(),
          n.imageUrl(),
          n.uniquePolicy(),
          n.sourcePriority() == null ? List.of() : n.sourcePriority(),
          n.mandatoryProperties() == null ? List.of() : n.mandatoryProperties());
    }
  }

  public record AggregateNodeRequest(
      UUID id,
      @NotBlank @Size(max = 255) String name,
      @Size(max = 1000) String description,
      @Size(max = 1000) @Pattern(regexp = URI, message = "must be an http(s) URI") String imageUrl,
      @NotEmpty @Size(max = 50) List<@NotNull UUID> entryNodes,
      @NotNull @Valid MatchingPolicy matchingProperties,
      @Size(max = 10) List<@Valid @NotNull ExclusionFilter> exclusionFilters,
      AggregateState state) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AggregateNodeResponse(
      UUID id,
      String name,
      String description,
      String imageUrl,
      List<UUID> entryNodes,
      MatchingPolicy matchingProperties,
      List<ExclusionFilter> exclusionFilters,
      AggregateState state,
      JsonNode activation) {

    static AggregateNodeResponse of(Node n) {
      return new AggregateNodeResponse(
          n.id(),
          n.name(),
          n.description(),
          n.imageUrl(),
          n.entryNodes(),
          n.matchingProperties(),
          n.exclusionFilters() == null ? List.of() : n.exclusionFilters(),
          n.state(),
          WireTime.normalizeFields(n.build(), AggregateState.BUILD_TIMES));
    }
  }

  public record StateBody(@NotNull AggregateState state) {}

  public record NodeSummary(
      UUID id,
      String name,
      String description,
      NodeType nodeType,
      boolean retentionState,
      Map<String, Object> properties) {

    static NodeSummary of(Node n) {
      Map<String, Object> properties =
          n.isEntry()
              ? Map.of(
                  "uniqueCustomer",
                  n.uniquePolicy(),
                  "mandatoryProperties",
                  n.mandatoryProperties() == null ? List.of() : n.mandatoryProperties())
              : Map.of(
                  "state", n.state(),
                  "entryNodes", n.entryNodes(),
                  "exclusionFilters",
                      n.exclusionFilters() == null ? List.of() : n.exclusionFilters(),
                  "matchingProperties", n.matchingProperties());
      return new NodeSummary(
          n.id(), n.name(), n.description(), n.type(), n.retentionEnabled(), properties);
    }
  }
}
