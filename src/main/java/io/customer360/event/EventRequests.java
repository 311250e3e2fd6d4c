package io.customer360.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import io.customer360.event.EventApiDocs.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response shapes of the events API. */
public final class EventRequests {

  private EventRequests() {}

  public enum BringBackType {
    SESSION_ID,
    EXTERNAL_ID
  }

  /**
   * Brings an event back to a customer by a session or an external id of an entry node; {@code
   * nodeId} may be omitted when the caller's source token is bound to exactly one entry node.
   */
  public record BringBack(BringBackType type, String value, UUID nodeId) {}

  /**
   * The body of an event as sent (EV2, EV4, EV5), for the API description: bodies are read raw and
   * checked by {@link EventValidator}, so every error names its JSON path. Exactly one of {@code
   * customerId} and {@code bringBackProperties} is given; {@code properties} follow the event
   * type's schema (E4); {@code date} is ISO-8601 with an offset.
   */
  @Schema(name = "EventRequest")
  public record EventRequest(
      @Schema(description = "The customer the event belongs to") UUID customerId,
      @Schema(description = "Identifies the customer by a session or an external id instead")
          BringBack bringBackProperties,
      @Schema(required = true, description = "An event type (E1), e.g. viewedPage") String type,
      @Schema(required = true, description = "A context (T3), e.g. WEB") String context,
      @Schema(implementation = JsonObject.class, description = "Follows the event type's schema")
          JsonNode properties,
      @Schema(implementation = JsonObject.class, description = "Follows the context's schema")
          JsonNode contextInfo,
      @Schema(
              required = true,
              format = "date-time",
              examples = "2026-11-29T10:00:00.123Z",
              description = "When the event happened")
          String date,
      @Schema(implementation = JsonObject.class) JsonNode tracking) {}

  /** EV2 batch: up to 1,000 events (a plain array of events is accepted too). */
  public record BatchRequest(@Schema(required = true, maxItems = 1000) List<EventRequest> events) {}

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
      @Schema(description = "Null while the event is anonymous (a session no customer holds)")
          UUID customerId,
      BringBack bringBackProperties,
      String type,
      @Schema(implementation = JsonObject.class) JsonNode properties,
      String context,
      @Schema(implementation = JsonObject.class) JsonNode contextInfo,
      @Schema(format = "date-time", examples = "2026-11-29T10:00:00.123Z") String date,
      String origin,
      @Schema(description = "With nav=CUSTOMER: the customer's previous event") UUID prev,
      @Schema(description = "With nav=CUSTOMER: the customer's next event") UUID next,
      @Schema(implementation = JsonObject.class) JsonNode tracking,
      @Schema(format = "date-time", examples = "2026-11-29T10:00:00.123Z") String registeredAt,
      @Schema(format = "date-time", examples = "2026-11-29T10:00:00.123Z") String updatedAt,
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
  @Schema(name = "EventTypeEnabled")
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
      @Schema(
              implementation = JsonObject.class,
              description = "JSON Schema of the event's properties")
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
      @Schema(implementation = JsonObject.class) JsonNode propertiesSchema,
      String role) {}

  public record PlanField(String name, String type) {}

  public record HubField(
      String name,
      String type,
      String format,
      @Schema(implementation = JsonObject.class) JsonNode contactlabProperties) {}

  public record PlanModelResponse(List<PlanField> plan, HubFields hub) {}

  public record HubFields(List<HubField> event, List<HubField> product) {}
}
