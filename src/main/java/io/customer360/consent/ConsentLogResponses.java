package io.customer360.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.PageInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of the consent log (spec §1.11 ConsentLog, K1 and K2). */
public final class ConsentLogResponses {

  private ConsentLogResponses() {}

  /** A disclaimer as DISCLAIMER_READ entries carry it (spec §2 consents.disclaimer). */
  @Schema(name = "ConsentDisclaimer", description = "The disclaimer the customer read")
  public record DisclaimerSchema(
      @Schema(format = "date-time", nullable = true) String date,
      @Schema(nullable = true) String version) {}

  /** {@code value} as the OpenAPI document describes it: a boolean or a disclaimer, or null. */
  @Schema(
      name = "ConsentValue",
      description =
          "The new value: a boolean for status, limitation and objection, the new {date,"
              + " version} for DISCLAIMER_READ, null when the value was removed and for"
              + " DATA_PORTABILITY_REQUESTED and FORCED_DELETE",
      nullable = true,
      oneOf = {Boolean.class, DisclaimerSchema.class})
  public static final class ValueSchema {
    private ValueSchema() {}
  }

  /**
   * One consent-log entry: {@code {id, customerId, nodeId, date, type, property, value, sourceId,
   * userId}} (spec §1.11 plus {@code nodeId}, the customer's entry node). Every field is present,
   * null when unset.
   */
  @Schema(name = "ConsentLog", description = "One entry of the consent log")
  public record ConsentLogResponse(
      @Schema(description = "The entry's id (K1)", example = "42") long id,
      @Schema(description = "The entry customer whose consents changed") UUID customerId,
      @Schema(description = "The customer's entry node", nullable = true) UUID nodeId,
      @Schema(
              format = "date-time",
              example = "2026-11-29T10:00:00.123Z",
              description =
                  "When: the customer's updatedAt of the write that changed the consent; for"
                      + " exports and forgets the time of the request")
          OffsetDateTime date,
      @Schema(description = "The kind of entry") ConsentEventType type,
      @Schema(
              description = "Full path of the value that changed, null for exports and forgets",
              nullable = true,
              example = "consents.marketing.automatic.email.status")
          String property,
      @Schema(implementation = ValueSchema.class) JsonNode value,
      @Schema(description = "The source whose token made the change", nullable = true)
          UUID sourceId,
      @Schema(description = "The person who made the change", nullable = true) Integer userId) {}

  /** A page of entries. */
  @Schema(name = "ConsentLogPage", description = "A page of consent-log entries")
  public record ConsentLogPage(List<ConsentLogResponse> elements, PageInfo page) {}
}
