package io.customer360.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Request and response shapes of the sources API; every string has a size limit and {@code
 * properties} is bounded by {@link SourceService#checkProperties}.
 */
public final class SourceRequests {

  private SourceRequests() {}

  public record SourceRequest(
      UUID id,
      SourceProvider provider,
      JsonNode properties,
      @NotBlank @Size(max = 255) String name,
      @Size(max = 1000) String description,
      @NotEmpty @Size(max = 100) List<@NotNull UUID> nodes,
      Boolean enabled) {}

  /**
   * A source; {@code token} is shown only when it is created or refreshed (it is stored hashed).
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SourceResponse(
      UUID id,
      SourceProvider provider,
      JsonNode properties,
      String name,
      String description,
      List<UUID> nodes,
      boolean enabled,
      String token) {

    static SourceResponse of(Source s, String token) {
      return new SourceResponse(
          s.id(),
          s.provider(),
          s.properties(),
          s.name(),
          s.description(),
          s.nodes(),
          s.enabled(),
          token);
    }
  }
}
