package io.customer360.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.security.Caller;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A consent-log row to append: ids and a consent value only, never personal data (spec §1.11
 * ConsentLog). {@code date} null means the time of the writing transaction; {@code property} and
 * {@code value} are null for exports and forgets. {@code sourceId} is set when a source token
 * wrote, {@code userId} when a person did.
 */
public record ConsentEntry(
    UUID workspaceId,
    UUID customerId,
    UUID nodeId,
    OffsetDateTime date,
    ConsentEventType type,
    String property,
    JsonNode value,
    UUID sourceId,
    Integer userId) {

  /** An entry written by {@code caller}: its source when a source token, else its user id. */
  public static ConsentEntry by(
      Caller caller,
      UUID workspaceId,
      UUID customerId,
      UUID nodeId,
      OffsetDateTime date,
      ConsentEventType type,
      String property,
      JsonNode value) {
    UUID source = caller != null && caller.isSource() ? caller.sourceId() : null;
    Integer user = caller != null && !caller.isSource() ? caller.userId() : null;
    return new ConsentEntry(
        workspaceId, customerId, nodeId, date, type, property, value, source, user);
  }
}
