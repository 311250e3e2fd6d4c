package io.customer360.workspace;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Request and response shapes of workspace provisioning and configuration (spec: workspaces WP*,
 * configuration). Every string has a size limit; unknown properties, enum ordinals and numbers for
 * booleans are refused by the JSON reader.
 */
public final class WorkspaceRequests {

  private WorkspaceRequests() {}

  public record CreateWorkspaceRequest(
      @NotBlank @Size(max = 255) String name,
      @NotBlank
          @Size(max = 100)
          @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be lowercase kebab-case")
          String slug,
      @NotNull @Min(0) Long groupPk,
      @NotBlank @Size(max = 100) String shard) {}

  public record WorkspaceResponse(
      String id, String name, String slug, long groupPk, String shard, WorkspaceStatus status) {

    static WorkspaceResponse of(Workspace w) {
      return new WorkspaceResponse(
          w.id().toString(), w.name(), w.slug(), w.groupPk(), w.shard(), w.status());
    }
  }

  public record WorkspaceStatusBody(@NotNull WorkspaceStatus status) {}

  public enum Industry {
    GDO,
    Luxury,
    Automotive,
    NotDefined
  }

  public enum Timezone {
    EUROPE_ROME("Europe/Rome"),
    EUROPE_PARIS("Europe/Paris"),
    EUROPE_LONDON("Europe/London");

    private final String value;

    Timezone(String value) {
      this.value = value;
    }

    @JsonValue
    @Override
    public String toString() {
      return value;
    }
  }

  public enum Currency {
    EUR,
    USD,
    JPY
  }

  public enum CustomerUniquenessPolicy {
    MERGE
  }

  public record WorkspaceConfigurationRequest(
      @Size(min = 1, max = 255) String name,
      Industry industry,
      @Size(max = 1000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URI")
          String logo,
      Timezone timezone,
      Currency currency,
      CustomerUniquenessPolicy customerUniquenessPolicy,
      Boolean isCustomer360,
      @Size(min = 2, max = 2)
          @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 region")
          String defaultPhoneRegion,
      @Schema(
              description =
                  "The node whose customers the Customer 360 view reads: an entry node or an"
                      + " aggregate node of this workspace (404 \"node not found\" otherwise);"
                      + " absent or null leaves the choice to the view (the only ACTIVE aggregate"
                      + " node, else the only entry node)")
          UUID customer360NodeId) {}

  public record WorkspaceConfigurationResponse(
      String name,
      String industry,
      String logo,
      String timezone,
      String currency,
      String customerUniquenessPolicy,
      String tier,
      boolean isCustomer360,
      String defaultPhoneRegion,
      UUID customer360NodeId) {}

  public record Throttling(@NotNull @Min(0) @Max(1_000_000) Integer maxRequestsPerMinute) {}
}
