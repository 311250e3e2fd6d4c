package io.customer360.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the events API. */
public final class EventRequests {

  private EventRequests() {}

  public enum BringBackType {
    SESSION_ID,
    EXTERNAL_ID
  }

  /** Brings an event back to a customer by a session or an external id of an entry node. */
  public record BringBack(BringBackType type, String value, UUID nodeId) {}

  /** A validated event body, before the customer is resolved. */
  public record EventDraft(
      EventType type,
      EventContext context,
      ObjectNode properties,
      ObjectNode contextInfo,
      ObjectNode tracking,
      OffsetDateTime date,
      UUID customerId,
      BringBack bringBack) {}

  /**
   * The one wire shape of an event (spec §3), used by get, search, nav, the customer export and the
   * change log. Timestamps are ISO-8601 UTC with millisecond precision and {@code Z} (issue 14 item
   * 2), e.g. {@code 2026-11-29T10:00:00.123Z}; {@code prev}/{@code next} are filled only by {@code
   * nav=CUSTOMER}.
   */
  public record EventResponse(
      UUID id,
      UUID customerId,
      BringBack bringBackProperties,
      String type,
      JsonNode properties,
      String context,
      JsonNode contextInfo,
      String date,
      String origin,
      UUID prev,
      UUID next,
      JsonNode tracking,
      String registeredAt,
      String updatedAt,
      int version) {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** A timestamp on the wire: UTC, milliseconds, {@code Z}; null stays null. */
    public static String time(OffsetDateTime t) {
      return t == null ? null : TIME.format(t);
    }

    EventResponse withNav(UUID prev, UUID next) {
      return new EventResponse(
          id,
          customerId,
          bringBackProperties,
          type,
          properties,
          context,
          contextInfo,
          date,
          origin,
          prev,
          next,
          tracking,
          registeredAt,
          updatedAt,
          version);
    }
  }

  public record CreatedEvent(UUID id) {}

  /** One item's outcome in a batch: its index, its status, and the id or the errors. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchItemResult(int index, int status, UUID id, List<FieldError> errors) {}

  public record BatchResponse(int accepted, int rejected, List<BatchItemResult> results) {}

  /** E7: an event type's state, {@code {"value": true|false}}. */
  public record EnabledValue(boolean value) {}

  public record MaxBytes(Integer maxBytes) {}

  public record ProductsUpdatePolicy(List<String> eventTypes) {}

  /** E1/E2: one built-in event type as configured in a workspace. */
  public record EventConfiguration(
      String id,
      String type,
      String mode,
      String label,
      String description,
      JsonNode propertiesSchema,
      boolean enabled) {}

  public record ContextType(String id, String label, String description, Object propertiesSchema) {}

  public record MergePolicyType(String id, String description, List<String> supportedTypes) {}

  public record ProviderType(
      String id,
      String label,
      String logo,
      List<String> categories,
      String description,
      String documents,
      JsonNode propertiesSchema,
      String role) {}

  public record PlanField(String name, String type) {}

  public record HubField(String name, String type, String format, JsonNode contactlabProperties) {}

  public record PlanModelResponse(List<PlanField> plan, HubFields hub) {}

  public record HubFields(List<HubField> event, List<HubField> product) {}
}
