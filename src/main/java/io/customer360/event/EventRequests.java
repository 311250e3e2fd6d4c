package io.customer360.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import java.time.OffsetDateTime;
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

  /** The event as the API shows it. */
  public record EventResponse(
      UUID id,
      UUID customerId,
      BringBack bringBackProperties,
      String type,
      JsonNode properties,
      String context,
      JsonNode contextInfo,
      OffsetDateTime date,
      String origin,
      UUID prev,
      UUID next,
      JsonNode tracking,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt,
      int version) {

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

  /** One item's outcome in a batch: its index, HTTP-like status, and the id or the errors. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchItemResult(int index, int status, UUID id, List<FieldError> errors) {}

  public record BatchResponse(int accepted, int rejected, List<BatchItemResult> results) {}

  public record EnabledValue(Boolean value) {}

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
