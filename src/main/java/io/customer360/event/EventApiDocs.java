package io.customer360.event;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Descriptions shared by the OpenAPI annotations of the event resources (issue 14 item 8). Every
 * error answer carries the common error body ({@link io.customer360.common.ErrorBody}); the
 * statuses and messages are those of spec §5. The answers of every operation (400, 401, 403, 429)
 * are added by {@link io.customer360.common.OpenApiDocument}.
 */
final class EventApiDocs {

  private EventApiDocs() {}

  static final String JSON = "application/json";

  static final String TOO_LARGE = "The body is larger than the event type's payload limit";
  static final String EVENT_NOT_FOUND = "No such event the caller may read";
  static final String CUSTOMER_NOT_FOUND =
      "The customer, external id or bring-back node the event names does not exist";
  static final String CONFLICT = "The event changed meanwhile; read it and retry";
  static final String UNPROCESSABLE =
      "The event type is disabled, or a consent the workspace's consent policy requires is not"
          + " granted (or unknown for an anonymous session)";

  /** The schema of a free-form JSON object (a JsonNode field would be described as its getters). */
  @Schema(
      name = "JsonObject",
      type = SchemaType.OBJECT,
      additionalProperties = Schema.True.class,
      description = "A JSON object")
  interface JsonObject {}
}
